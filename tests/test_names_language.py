"""Names the rules or the municipality register give, in the reader's language: a lump sum's
or a unit cost's name in a cost line, in a finding and in the workbook; a municipality's
name in Swedish, Finnish and English (a Swedish-majority municipality by its Swedish name
in English, as its own English pages call it)."""

import csv
import tomllib

from openpyxl import load_workbook
from typer.testing import CliRunner

from hankelaskuri.api import calculate
from hankelaskuri.cli import app
from hankelaskuri.municipalities import find

from .conftest import EXAMPLES

runner = CliRunner()
ROOT = EXAMPLES.parent
CASES = ROOT / "tests" / "cases"
RULES = ROOT / "src" / "hankelaskuri" / "rules"


def rule_name(programme: str, *path: str) -> dict[str, str]:
    """A rule's names as its rules file writes them (read here, not through the package)."""
    with open(RULES / f"{programme}.toml", "rb") as fh:
        node = tomllib.load(fh)
    for part in path:
        node = node[part]
    return node["name"]


def register() -> dict[str, dict[str, str]]:
    with open(
        ROOT / "src" / "hankelaskuri" / "data" / "municipalities.csv", encoding="utf-8"
    ) as fh:
        return {row["name_fi"]: row for row in csv.DictReader(fh)}


def test_municipality_names_by_language_from_the_register():
    rows = register()
    # Närpiö / Närpes is Swedish-speaking first (sv-fi), Helsinki Finnish first (fi-sv)
    assert rows["Närpiö"]["language"] == "sv-fi" and rows["Helsinki"]["language"] == "fi-sv"
    narpes, helsinki, kemi = find("Närpiö"), find("Helsinki"), find("Kemi")
    assert (narpes.name("fi"), narpes.name("sv"), narpes.name("en")) == (
        "Närpiö",
        "Närpes",
        "Närpes",
    )
    assert (helsinki.name("fi"), helsinki.name("sv"), helsinki.name("en")) == (
        "Helsinki",
        "Helsingfors",
        "Helsinki",
    )
    assert kemi.name("en") == "Kemi"
    # the computed shares name them the same way
    r = calculate(EXAMPLES / "sydansuomi-pikastartti.toml")
    for m in r.municipalities:
        row = rows[m.name_fi]
        own = row["name_sv"] if row["language"].startswith("sv") else row["name_fi"]
        assert m.name("en") == own


def test_english_budget_names_a_swedish_majority_municipality_in_swedish(tmp_path):
    text = (EXAMPLES / "sydansuomi-pikastartti.toml").read_text(encoding="utf-8")
    start = text.index("members = [")
    end = text.index("]", start)
    path = tmp_path / "narpes.toml"
    path.write_text(text[:start] + 'members = ["Närpiö", "Kemi"]' + text[end + 1 :], "utf-8")
    out = runner.invoke(app, ["budget", str(path), "--lang", "en"], env={"COLUMNS": "120"})
    assert "Närpes" in out.output and "Närpiö" not in out.output, out.output
    fi = runner.invoke(app, ["budget", str(path)], env={"COLUMNS": "120"})
    assert "Närpiö" in fi.output and "Närpes" not in fi.output


def test_lump_sum_named_in_the_workbook_language(tmp_path):
    names = rule_name("leader-2023-2027", "lump_sums", "small_project")
    r = calculate(CASES / "leader-pienhanke.toml")
    line = next(x for x in r.cost_lines if x.category == "lump_sum")
    assert [line.label(lang) for lang in ("fi", "sv", "en")] == [
        names["fi"],
        names["sv"],
        names["en"],
    ]
    for lang in ("sv", "en"):
        out = tmp_path / f"pien-{lang}.xlsx"
        result = runner.invoke(
            app, ["export", str(CASES / "leader-pienhanke.toml"), "-o", str(out), "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        texts = {
            c.value
            for ws in load_workbook(out).worksheets
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str)
        }
        assert names[lang] in texts
        assert not any(names["fi"] in t for t in texts), lang


def test_lump_sum_finding_names_it_in_the_reader_language():
    names = rule_name("leader-2023-2027", "lump_sums", "small_project")
    for lang in ("fi", "sv", "en"):
        out = runner.invoke(
            app,
            ["check", str(CASES / "leader-pienhanke-over.toml"), "--lang", lang],
            env={"COLUMNS": "200"},
        )
        assert names[lang] in out.output, (lang, out.output)
        others = [names[x] for x in ("fi", "sv", "en") if x != lang]
        assert not any(n in out.output for n in others), (lang, out.output)


def test_decision_of_a_municipality_without_a_role_named_in_the_reader_language(tmp_path):
    text = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
    path = tmp_path / "decision.toml"
    path.write_text(text + '\n[[decisions]]\nmunicipality = "Närpes"\n', encoding="utf-8")
    seen = {}
    for lang in ("fi", "sv", "en"):
        out = runner.invoke(app, ["check", str(path), "--lang", lang], env={"COLUMNS": "200"})
        seen[lang] = out.output
    assert "Närpiö" in seen["fi"] and "Närpes" not in seen["fi"], seen["fi"]
    assert "Närpes" in seen["sv"] and "Närpiö" not in seen["sv"], seen["sv"]
    assert "Närpes" in seen["en"] and "Närpiö" not in seen["en"], seen["en"]


def test_a_cost_category_in_a_finding_by_its_name_and_code(tmp_path):
    # 'other' costs beside the 15 % flat rate that covers them: the message names the
    # category the reader's way, with the code the file uses
    text = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
    path = tmp_path / "other.toml"
    path.write_text(text.replace('category = "travel"', 'category = "other"', 1), encoding="utf-8")
    expected = {
        "fi": "Kustannuslaji Muut kustannukset (other)",
        "sv": "Kostnadsslaget Övriga kostnader (other)",
        "en": "Category Other costs (other)",
    }
    for lang, words in expected.items():
        out = runner.invoke(app, ["check", str(path), "--lang", lang], env={"COLUMNS": "250"})
        assert "[cost_covered_by_flat_rate]" in out.output, out.output
        assert words in out.output, (lang, out.output)


def test_a_line_of_nothing_is_told_by_its_title_or_category(tmp_path):
    # a role whose years were left empty and a travel line of 0 € count as nothing: told as
    # warnings, the role by its title, the line without a description by its category
    text = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
    extra = (
        '\n[[staff]]\npartner = "kemi"\ntitle = "Viestintäsuunnittelija"\nby_year = {}\n'
        '\n[[costs]]\npartner = "kemi"\ncategory = "travel"\namount = 0\n'
    )
    start = text.index("[funding]")
    path = tmp_path / "zero.toml"
    path.write_text(text[:start] + extra + "\n" + text[start:], encoding="utf-8")
    r = calculate(path)
    zero = [f for f in r.findings if f.code == "zero_line"]
    assert [(f.key, f.severity) for f in zero] == [("staff[1]", "warning"), ("costs[2]", "warning")]
    fi = runner.invoke(app, ["check", str(path)], env={"COLUMNS": "250"}).output
    assert "Rivin Viestintäsuunnittelija summa on 0,00\xa0€" in fi
    assert "Rivin Matkakustannukset summa on 0,00\xa0€" in fi
    sv = runner.invoke(app, ["check", str(path), "--lang", "sv"], env={"COLUMNS": "250"}).output
    assert "Raden Resekostnader uppgår till 0,00\xa0€" in sv
    # the totals are the example's: nothing was added
    assert r.total_cost == calculate(EXAMPLES / "kemi-kestava-kasvu.toml").total_cost
