"""Fuzzing the loader and everything after it with hypothesis.

Two input families: arbitrary bytes, and valid example files mutated token by token (cut,
duplicated, swapped lines; inserted TOML punctuation, keys, numbers, dates, text). Every
input must either load and compute (then render to JSON and text), or be refused with an
``InputError`` or ``UserError``. Any other exception fails the test.

The campaign is bounded: ``HANKE_FUZZ_EXAMPLES`` inputs per family (default 400 locally,
10 000 under CI, so 20 000 in all). A third family puts hostile text (markup, formula and
Markdown injection, control and non-characters, bidi overrides, long runs) in every text
field of a valid project and sends it through every writer: JSON, JUnit, xlsx, docx,
Markdown and (a few) PDF, each read back as well-formed (``HANKE_FUZZ_TEXT_EXAMPLES``,
default 25 locally, 100 under CI).
"""

import io
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from hankelaskuri.api import compute_loaded
from hankelaskuri.errors import InputError, UserError
from hankelaskuri.loader import load_bytes
from hankelaskuri.render.json import dumps
from hankelaskuri.render.terminal import render_budget, render_input_error

from .conftest import EXAMPLES

PER_FAMILY = int(os.environ.get("HANKE_FUZZ_EXAMPLES", "10000" if os.environ.get("CI") else "400"))
SEEDS = [p.read_bytes() for p in sorted(EXAMPLES.glob("*.toml"))]
TOKENS = [
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b"=",
    b",",
    b".",
    b'"',
    b"'",
    b'"""',
    b"\n",
    b"#",
    b"-",
    b"+",
    b"0",
    b"1e999",
    b"nan",
    b"inf",
    b"-1",
    b"0.8",
    b"80",
    b"1 234,50",
    b"2024-02-30",
    b"2024-10-01",
    b"1979-05-27T07:32:00Z",
    b"true",
    b"\xc3\xa4",
    b"\xe4",
    b"\\u00e4",
    b"\x00",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"name",
    b"amount",
    b"by_year",
    b"partner",
    b"members",
    b"funding",
    b"support_rate",
    b"municipal",
    b"project",
    b"remainder",
    b"key",
    b"fixed",
    b"percent",
    b"Kemi",
    b"9" * 30,
    b" " * 3,
]
SETTINGS = settings(
    max_examples=PER_FAMILY, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
COUNTS = {"tried": 0, "loaded": 0, "written": 0}


def exercise(raw: bytes) -> None:
    COUNTS["tried"] += 1
    out = Console(file=io.StringIO(), width=120)
    try:
        loaded = load_bytes(raw, "fuzz.toml")
    except InputError as exc:
        render_input_error(exc, out)
        return
    except UserError:
        return
    COUNTS["loaded"] += 1
    result = compute_loaded(loaded)
    dumps(result)
    render_budget(result, out)


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "dup_line", "swap_lines"]))
        pos = draw(st.integers(0, len(data)))
        if op == "insert":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 40))]
        elif op == "replace":
            data[pos : pos + draw(st.integers(1, 8))] = draw(st.sampled_from(TOKENS))
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if op == "dup_line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@SETTINGS
@given(st.binary(max_size=2048))
def test_fuzz_arbitrary_bytes(raw):
    exercise(raw)


@SETTINGS
@given(mutated())
def test_fuzz_mutated_examples(raw):
    exercise(raw)


# -- hostile text through every writer ------------------------------------------------------
# Text a user (or a copied web page) can put in a project: markup and formula injection,
# control characters (written as TOML escapes), non-characters, bidirectional overrides,
# zero-width and combining characters, emoji, quotes and backslashes, line breaks, long
# runs. Each project either is refused by the loader with its place, or goes through every
# writer (JSON, JUnit, xlsx, docx, Markdown, and PDF for a few) and gives well-formed files.
HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "<b>",
    "&amp;",
    "]]>",
    "# Otsikko",
    "\n# Otsikko\n",
    "*",
    "_",
    "`",
    "|",
    "\\",
    '"',
    "'",
    '=HYPERLINK("http://x")',
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t",
    "\r",
    "\u200b",
    "\u200f",
    "\ufeff",
    "e\u0301",
    "😀",
    "𝔘",
    "Ä" * 120,
    "a" * 60,
    " ",
    "1.",
    "{",
    "%s",
    "{name}",
]
HOSTILE_EXAMPLES = int(
    os.environ.get("HANKE_FUZZ_TEXT_EXAMPLES", "100" if os.environ.get("CI") else "25")
)
# characters no output can hold: the loader refuses them (bad_character), with their line
# (and DEL, C1 controls, direction overrides and isolates: text shown as it is not written)
FORBIDDEN = ["\x01", "\x1b[31m", "\x0c", "\ufffe", "\uffff", "\x7f", "\x85", "\u202e", "\u2067"]
hostile_text = st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=6).map("".join)


def toml_string(text: str) -> str:
    """A TOML basic string holding ``text`` exactly (controls as \\u escapes)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


HOSTILE_PROJECT = """[project]
name = {name}
start = 2025-01-01
end = 2026-06-30
programme = "jtf-2021-2027"
measure = "development"
cost_model = "actual"
description = {description}

[[partners]]
id = "main"
name = {partner}
role = "main"

[[staff]]
title = {title}
amount = 40000

[[costs]]
category = "purchased_services"
description = {cost}
by_year = {{ 2025 = 10000.50, 2026 = 0 }}

[funding]
support_rate = 0.80

[[funding.sources]]
kind = "private"
provider = {provider}
amount = 1000

[municipal]
funding = "remainder"
key = "per_capita"
members = ["Kemi", "Tornio", "Keminmaa"]
"""


def writers(raw: bytes, pdf: bool) -> None:
    import zipfile
    from xml.etree import ElementTree

    from hankelaskuri.batch import FileSummary
    from hankelaskuri.render import attachment as att
    from hankelaskuri.render.check import to_junit
    from hankelaskuri.render.document import to_markdown, write_docx, write_pdf
    from hankelaskuri.render.excel import build_workbook

    try:
        loaded = load_bytes(raw, "hostile.toml")
    except InputError as exc:
        render_input_error(exc, Console(file=io.StringIO(), width=120))
        codes = {f.code for f in exc.problems}
        assert codes <= {"bad_character", "too_long"}, codes
        return
    COUNTS["written"] += 1
    result = compute_loaded(loaded)
    dumps(result)
    summary = FileSummary(result.name, "error", result.name, items=result.findings)
    ElementTree.fromstring(to_junit([summary], "fi"))
    book = io.BytesIO()
    build_workbook(result).save(book)
    documents = [io.BytesIO()]
    doc = att.build(result, result.municipalities[0], "fi", result.name)
    write_docx(doc, documents[0])
    for archive in (book, documents[0]):
        with zipfile.ZipFile(archive) as z:
            for part in z.namelist():
                if part.endswith(".xml"):
                    ElementTree.fromstring(z.read(part))  # every part well-formed
    markdown = to_markdown(doc)
    assert "<script" not in markdown and "<b>" not in markdown
    if pdf:
        out = io.BytesIO()
        write_pdf(doc, out)
        assert out.getvalue().startswith(b"%PDF")


@st.composite
def hostile_projects(draw) -> bytes:
    fields = ("name", "description", "partner", "title", "cost", "provider")
    values = {f: draw(hostile_text) for f in fields}
    if draw(st.integers(0, 3)) == 0:
        field = draw(st.sampled_from(fields))
        values[field] += draw(st.sampled_from(FORBIDDEN))
    return HOSTILE_PROJECT.format(**{f: toml_string(v) for f, v in values.items()}).encode()


@settings(
    max_examples=HOSTILE_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(hostile_projects())
def test_fuzz_hostile_text_reaches_every_writer(raw):
    writers(raw, pdf=False)


@settings(max_examples=4, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(hostile_projects())
def test_fuzz_hostile_text_in_pdf(raw):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        if os.environ.get("CI"):
            raise
        return
    writers(raw, pdf=True)


def test_fuzz_report(capsys):
    """Says how many inputs the campaign tried (shown with ``pytest -s``)."""
    with capsys.disabled():
        print(
            f"\nfuzz: {COUNTS['tried']} inputs tried, {COUNTS['loaded']} loaded and computed,"
            f" {COUNTS['written']} projects of hostile text through every writer"
        )
