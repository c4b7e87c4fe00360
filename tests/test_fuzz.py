"""Fuzzing the loader and everything after it with hypothesis.

Two input families: arbitrary bytes, and valid example files mutated token by token (cut,
duplicated, swapped lines; inserted TOML punctuation, keys, numbers, dates, text). Every
input must either load and compute (then render to JSON and text), or be refused with an
``InputError`` or ``UserError``. Any other exception fails the test.

The campaign is bounded: ``HANKE_FUZZ_EXAMPLES`` inputs per family (default 400 locally,
10 000 under CI, so 20 000 in all).
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
COUNTS = {"tried": 0, "loaded": 0}


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


def test_fuzz_report(capsys):
    """Says how many inputs the campaign tried (shown with ``pytest -s``)."""
    with capsys.disabled():
        print(f"\nfuzz: {COUNTS['tried']} inputs tried, {COUNTS['loaded']} loaded and computed")
