"""One problem for one mistake, and the guess a person would make: a programme or measure
written by its name in any language, or by the start of its id, is pointed to its id; a
short unknown key gets no far-fetched 'did you mean'."""

from typer.testing import CliRunner

from hankelaskuri.cli import app

from .conftest import EXAMPLES

runner = CliRunner()


def _check(tmp_path, old: str, new: str, lang: str = "fi") -> str:
    text = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "guess.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = runner.invoke(app, ["check", str(path), "--lang", lang], env={"COLUMNS": "250"})
    assert out.exit_code != 0
    return out.output


def test_a_programme_written_by_its_swedish_name_gets_one_problem_and_its_id(tmp_path):
    out = _check(
        tmp_path,
        'programme = "jtf-2021-2027"',
        'programme = "Fonden för en rättvis omställning"',
        "sv",
    )
    # not an id at all: told as such, once (not also as an unknown programme), with the
    # programme its name stands for
    assert out.count("[bad_id]") == 1 and "[unknown_programme]" not in out, out
    assert "Menade du jtf-2021-2027?" in out


def test_a_programme_by_the_start_of_its_id_or_its_finnish_name(tmp_path):
    for written in ("JTF", "erdf", "Oikeudenmukaisen siirtymän rahasto"):
        out = _check(tmp_path, 'programme = "jtf-2021-2027"', f'programme = "{written}"')
        expected = "erdf-2021-2027" if written == "erdf" else "jtf-2021-2027"
        assert f"Tarkoititko {expected}?" in out, out
        assert out.count("virhe:") == 1, out


def test_a_measure_by_its_name(tmp_path):
    out = _check(tmp_path, 'measure = "development"', 'measure = "Kehittämishanke"')
    assert "Tarkoititko development?" in out and out.count("virhe:") == 1, out


def test_a_short_unknown_key_gets_only_a_near_guess(tmp_path):
    out = _check(tmp_path, "[project]", "nokey = 1\n\n[project]")
    assert "Tuntematon avain nokey" in out and "Tarkoititko" not in out
    out = _check(tmp_path, "[funding]", "[fundng]")
    assert "Tarkoititko funding?" in out
