"""The sources and notes of the bundled rules files reach a Finnish or Swedish reader in
their own language: each has its wording in the Finnish and the Swedish catalogue (context
``rule``), the rules listing and the workbook's rules sheet show it, JSON keeps the rules
file's words, and a text the catalogue does not know (a user's own rules) stays as written."""

import json
import re
import textwrap
import tomllib
from collections import Counter

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from hankelaskuri.api import calculate
from hankelaskuri.cli import app
from hankelaskuri.i18n import rule_text
from hankelaskuri.render.excel import build_workbook

from .conftest import EXAMPLES

babel = pytest.importorskip("babel")
from babel.messages.pofile import read_po  # noqa: E402

ROOT = EXAMPLES.parent
RULES = ROOT / "src" / "hankelaskuri" / "rules"
LOCALE = ROOT / "src" / "hankelaskuri" / "locale"
runner = CliRunner()

# phrases of the rules files' English that a Finnish or Swedish reader must not meet
ENGLISH = ("No official rule found", "Regulation (EU)", "not read", "Covers employer")


def invoke(*args):
    return runner.invoke(app, list(args), env={"COLUMNS": "160", "NO_COLOR": "1"})


def _texts(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("source", "note") and isinstance(value, str):
                found.add(value)
            else:
                _texts(value, found)
    elif isinstance(node, list):
        for value in node:
            _texts(value, found)
    return found


def bundled_texts():
    """Every source and note of every bundled rules file, read from the TOML itself (inline
    tables and arrays of entries included), not through the programme model."""
    found: set[str] = set()
    files = sorted(RULES.glob("*.toml")) + sorted(RULES.glob("shared/*.toml"))
    assert len(files) >= 9
    for path in files:
        _texts(tomllib.loads(path.read_text(encoding="utf-8")), found)
    return found


def catalogue_entries(lang):
    with (LOCALE / lang / "LC_MESSAGES" / "hankelaskuri.po").open("rb") as fh:
        cat = read_po(fh, locale=lang)
    return {m.id: m.string for m in cat if m.context == "rule"}


TEXTS = bundled_texts()
ENTRIES = {lang: catalogue_entries(lang) for lang in ("fi", "sv")}


def key(text):
    return text.replace("%", "%%")  # a catalogue id read as a format writes % as %%


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_source_and_note_has_its_wording(lang):
    assert len(TEXTS) > 250
    missing = sorted(t for t in TEXTS if not ENTRIES[lang].get(key(t), "").strip())
    assert not missing, f"{lang}: {len(missing)} without a wording, e.g. {missing[:3]}"
    unused = sorted(set(ENTRIES[lang]) - {key(t) for t in TEXTS})
    assert not unused, f"{lang}: wording for a text no rules file has: {unused[:3]}"


def test_english_needs_no_wording():
    with (LOCALE / "en" / "LC_MESSAGES" / "hankelaskuri.po").open("rb") as fh:
        assert not [m for m in read_po(fh, locale="en") if m.context == "rule"]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_figures_law_numbers_and_addresses_kept(lang):
    address = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:fi|eu|com|se)(?:/[\w./#-]*)?")
    for text in TEXTS:
        said = ENTRIES[lang][key(text)].replace("%%", "%")
        # every number in the same count (1.5 may read 1,5), every % and every address
        assert Counter(re.findall(r"\d+", said)) == Counter(re.findall(r"\d+", text)), said
        assert said.count("%") == text.count("%"), said
        assert set(address.findall(text)) <= set(address.findall(said)), said
        # a figure stays whole where a line wraps, as the calculator's own amounts do
        assert not re.search(r"\b\d{1,3} \d{3}\b|\d (?:%|€|§|h\b)", said), said


def test_unknown_text_stays_as_written():
    assert rule_text("Our own council decision 12.3.2026 § 45", "fi") == (
        "Our own council decision 12.3.2026 § 45"
    )
    assert rule_text("Oma päätös: 70 % tuesta", "sv") == "Oma päätös: 70 % tuesta"
    english = "Regulation (EU) 2021/1060 art. 54(a)"
    assert rule_text(english, "en") == english
    assert rule_text(english, "fi") == "Asetus (EU) 2021/1060, 54 artiklan a alakohta"
    assert rule_text(english, "sv") == "Förordning (EU) 2021/1060, artikel 54 a"
    # a text with a percent sign: looked up and given back with a single %
    assert rule_text("Satakuntaliitto JTF call 2024 (satakunta.fi): own share 20 %", "sv") == (
        "Satakuntaförbundets FRO-utlysning 2024 (satakunta.fi): självfinansieringsandel 20\u00a0%"
    )


@pytest.mark.parametrize(
    ("lang", "known"),
    [
        ("fi", "Asetus (EU) 2021/1060, 55 artiklan 2 kohta: tuntihinta"),
        ("sv", "Förordning (EU) 2021/1060, artikel 55.2: timpris"),
    ],
)
def test_rules_listing_speaks_the_readers_language(lang, known):
    res = invoke("rules", "jtf-2021-2027", "--lang", lang)
    assert res.exit_code == 0, res.output
    out = " ".join(res.output.split())  # wrapped lines joined
    assert known in out
    for phrase in ENGLISH:
        assert phrase not in out, phrase
    # a note beside its source, in the reader's words
    note = {
        "fi": "Kattaa työnantajan sivukulut ja lomarahan",
        "sv": "Täcker arbetsgivarens lönebikostnader och semesterpenningen",
    }
    assert note[lang] in out


def test_rules_listing_in_english_and_json_keep_the_rules_file_words():
    en = " ".join(invoke("rules", "jtf-2021-2027", "--lang", "en").output.split())
    assert "Regulation (EU) 2021/1060 art. 55(2): hourly rate" in en
    data = json.loads(invoke("rules", "jtf-2021-2027", "-f", "json", "--lang", "fi").output)
    values = {v["name"]: v for v in data["values"]}
    assert values["staff.on_cost_rate"]["note"].startswith("Covers employer on-costs")
    assert values["eligibility.start"]["source"].startswith("Regulation (EU) 2021/1060 art. 63(2)")


def test_own_rules_folder_keeps_its_words(tmp_path):
    src = (RULES / "jtf-2021-2027.toml").read_text(encoding="utf-8")
    own = "Our council's decision 14.2.2026 § 12: project staff 1 600 h a year"
    changed = src.replace('id = "jtf-2021-2027"', 'id = "oma-jtf"').replace(
        "Regulation (EU) 2021/1060 art. 55(2): hourly rate = annual gross employment cost / 1 720 h",
        own,
    )
    assert own in changed
    (tmp_path / "oma.toml").write_text(changed, encoding="utf-8")
    res = invoke("rules", "oma-jtf", "--rules", str(tmp_path), "--lang", "fi")
    assert res.exit_code == 0, res.output
    out = " ".join(res.output.split())
    assert own in out
    # the rest of the copied file still reads in Finnish
    assert "Asetus (EU) 2021/1060, 63 artiklan 2 kohta" in out


def test_workbook_rules_sheet_in_finnish(tmp_path):
    out = tmp_path / "kemi.xlsx"
    res = invoke("export", str(EXAMPLES / "kemi-kestava-kasvu.toml"), "-o", str(out))
    assert res.exit_code == 0, res.output
    sheet = load_workbook(out)["Säännöt"]
    assert sheet.cell(4, 6).value == "Lähde" and sheet.cell(4, 8).value
    rows = {r[7].value: r for r in sheet.iter_rows(min_row=5) if r[7].value}
    assert rows["eligibility.start"][5].value == (
        "Asetus (EU) 2021/1060, 63 artiklan 2 kohta, https://eur-lex.europa.eu/eli/reg/2021/1060/oj"
    )
    assert rows["measures.min_own_share"][5].value == (
        "Satakuntaliiton JTF-haku 2024 (satakunta.fi): omarahoitusosuus 20\u00a0%"
    )
    assert rows["staff.on_cost_rate"][6].value.startswith(
        "Kattaa työnantajan sivukulut ja lomarahan (jätä lomaraha pois kuukausipalkasta"
    )
    words = " ".join(str(r[c].value or "") for r in rows.values() for c in (5, 6))
    for phrase in ENGLISH:
        assert phrase not in words, phrase


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_workbook_rules_rows_tall_enough_for_their_wrapped_text(lang):
    # each row as high as its longest cell takes when wrapped between words at the column's
    # width (a printout cut the third line of a source whose address could not share a line)
    title = {"fi": "Säännöt", "sv": "Regler"}[lang]
    checked = 0
    for example in sorted(EXAMPLES.glob("*.toml")):
        sheet = build_workbook(calculate(example), lang)[title]
        for row in range(5, sheet.max_row + 1):
            if not sheet.cell(row, 8).value:
                continue
            needed = 1
            for column, letter in ((1, "A"), (6, "F"), (7, "G")):
                chars = int(sheet.column_dimensions[letter].width * 1.05)
                text = str(sheet.cell(row, column).value or "").replace("\u00a0", " ")
                needed = max(needed, len(textwrap.wrap(text, chars, break_on_hyphens=False)))
            assert sheet.row_dimensions[row].height >= 15 * needed, (example.name, row)
            checked += 1
    assert checked > 50
    # worked by hand: 'Statsrådets förordning 617/2023,' / the finlex address and '; suomi.fi'
    # / '(utveckling högst 100 %)' are three lines of the 60-wide source column
    if lang == "sv":
        sheet = build_workbook(calculate(EXAMPLES / "pienten-kuntien-yrittajyys.toml"), lang)[title]
        row = next(
            r
            for r in range(5, sheet.max_row + 1)
            if sheet.cell(r, 8).value == ("measures.max_support_rate")
        )
        assert sheet.cell(row, 6).value.startswith("Statsrådets förordning 617/2023, https://")
        assert sheet.row_dimensions[row].height >= 45


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_rules_listing_at_80_columns_keeps_figures_whole(lang):
    programme = "interreg-central-baltic-2021-2027"
    res = runner.invoke(
        app, ["rules", programme, "--lang", lang], env={"COLUMNS": "80", "NO_COLOR": "1"}
    )
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    # '1 720 h' and '15 %' of the sources stand on one line, never 'enintään 15' / '%)'
    for line, following in zip(lines, lines[1:], strict=False):
        split = re.search(r"\d[\u00a0 ]?$", line) and re.match(r"\s*(%|€|h\b|\d{3}\b)", following)
        assert not split, (line, following)
    words = " ".join(lines)
    assert "1\u00a0720\u00a0h" in words and "15\u00a0%" in words
