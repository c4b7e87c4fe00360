"""Options read the way a person writes them: a language in capitals, a range of
municipality counts written downwards, a count given twice, and a new folder for the
supplementary attachments made as for the attachments themselves."""

from typer.testing import CliRunner

from hankelaskuri.cli import app

from .conftest import EXAMPLES

runner = CliRunner()
ROOT = EXAMPLES.parent
OLD = EXAMPLES / "sydansuomi-pikastartti.toml"
NEW = ROOT / "tests" / "cases" / "diff" / "sydansuomi-revised.toml"


def test_language_in_capitals():
    kemi = str(EXAMPLES / "kemi-kestava-kasvu.toml")
    for args in (["budget", kemi, "--lang", "SV"], ["--lang", "Sv", "budget", kemi]):
        out = runner.invoke(app, args, env={"COLUMNS": "120"})
        assert out.exit_code == 0, out.output
        assert "Finansieringsplan" in out.output and "Rahoitussuunnitelma" not in out.output


def test_municipality_counts_downwards_and_repeated():
    up = runner.invoke(app, ["scenario", str(OLD), "--municipalities", "3..5", "-f", "json"])
    down = runner.invoke(app, ["scenario", str(OLD), "--municipalities", "5..3", "-f", "json"])
    assert down.exit_code == up.exit_code == 0, down.output
    assert down.stdout == up.stdout
    twice = runner.invoke(
        app, ["scenario", str(OLD), "--municipalities", "3,3"], env={"COLUMNS": "120"}
    )
    assert twice.exit_code == 0, twice.output
    assert twice.output.count("3 kuntaa") == 1, twice.output


def test_supplementary_attachments_into_a_new_folder(tmp_path):
    folder = tmp_path / "lisaliitteet" / "2026"
    out = runner.invoke(
        app, ["attachment", str(NEW), "--since", str(OLD), "--all", "-d", str(folder), "-f", "md"]
    )
    assert out.exit_code == 0, out.output
    # one supplementary attachment for each of the eight municipalities whose share rose
    assert len(list(folder.glob("*.md"))) == 8
