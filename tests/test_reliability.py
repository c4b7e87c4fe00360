"""Inputs that used to hang, crash a writer or slip through (issue 13, items 7, 8, 11, 13,
16 and 17): each is refused in the loader with its place, or written correctly."""

from __future__ import annotations

import os
import re
import threading
import zipfile
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from hankelaskuri.cli import app
from hankelaskuri.errors import InputError
from hankelaskuri.loader import MAX_PROBLEMS, load

runner = CliRunner()

BASE = """[project]
name = {name}
start = {start}
end = {end}
programme = "jtf-2021-2027"
measure = "development"
cost_model = "actual"

[[partners]]
id = "main"
name = {partner}
role = "main"

[[costs]]
category = "purchased_services"
description = {description}
amount = 10000

[funding]
support_rate = 0.80

[municipal]
funding = "remainder"
key = "equal"
members = ["Karstula", "Kyyjärvi"]
"""


def project(tmp_path, name='"Hanke"', partner='"Kehitys Oy"', description='"Palvelut"', **kw):
    text = BASE.format(
        name=name,
        partner=partner,
        description=description,
        start=kw.get("start", "2025-01-01"),
        end=kw.get("end", "2025-12-31"),
    )
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path):
    with pytest.raises(InputError) as info:
        load(path)
    return info.value.problems


@pytest.mark.parametrize("char", ["\\u0001", "\\u001f", "\\u000b", "\\uFFFE", "\\uFFFF"])
def test_characters_no_output_can_hold_are_refused_with_their_line(tmp_path, char):
    # item 7: budget and check passed, then export and docx crashed (exit 3)
    path = project(tmp_path, partner=f'"Kehitys{char} Oy"')
    found = problems(path)
    assert [(p.code, p.key, p.line) for p in found] == [("bad_character", "partners[0].name", 11)]
    assert dict(found[0].params)["char"].value == "U+" + char[2:].upper()
    result = runner.invoke(app, ["export", str(path), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "bad_character" in result.output
    assert "Traceback" not in result.output


def test_tab_and_line_breaks_stay_allowed(tmp_path):
    path = project(tmp_path, description='"rivi\\nrivi\\tsarake\\r"')
    assert load(path).project.costs[0].description == "rivi\nrivi\tsarake\r"


def test_every_documented_limit_works_in_every_output(tmp_path):
    # item 8: a 240-character name (the limit is 500) crashed DOCX: "exceeded 255 char
    # limit for property". Names and descriptions at their limits, in every output.
    name = "Ä" * 500
    path = project(
        tmp_path, name=f'"{name}"', partner=f'"{"Ö" * 500}"', description=f'"{"k" * 500}"'
    )
    text = path.read_text(encoding="utf-8")
    about = "kuvaus " * 714  # 4 998 characters: a project's description may have 5 000
    path.write_text(text.replace("[[partners]]", f'description = "{about}"\n\n[[partners]]', 1))
    assert load(path).project.project.name == name
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(app, ["export", str(path), "-o", str(out / "b.xlsx")])
    assert result.exit_code == 0, result.output
    for kind in ("docx", "pdf", "md"):
        result = runner.invoke(
            app, ["attachment", str(path), "-m", "Karstula", "-o", str(out / f"k.{kind}")]
        )
        assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "k.docx") as z:
        core = z.read("docProps/core.xml").decode("utf-8")
    title = re.search("<dc:title>(.*?)</dc:title>", core).group(1)
    assert len(title) == 255 and title.endswith("Ä…")
    result = runner.invoke(app, ["check", str(path), "-f", "json"])
    assert result.exit_code == 0 and name in result.output
    result = runner.invoke(app, ["check", str(path), "-f", "junit"])
    assert result.exit_code == 0
    ElementTree.fromstring(result.output)
    result = runner.invoke(app, ["budget", str(path), "-f", "json"])
    assert result.exit_code == 0 and name in result.output


def test_fifo_and_devices_are_refused_without_waiting(tmp_path):
    # item 11: `hanke budget fifo.toml` waited forever, /dev/zero grew until MemoryError
    fifo = tmp_path / "putki.toml"
    os.mkfifo(fifo)
    done = {}

    def run():
        done["result"] = runner.invoke(app, ["budget", str(fifo)])

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=20)
    if thread.is_alive():  # unblock the reader so the test process can end
        with open(fifo, "w", encoding="utf-8"):
            pass
        pytest.fail("reading a FIFO waited for a writer")
    result = done["result"]
    assert result.exit_code == 2 and "not_regular_file" in result.output
    for device in ("/dev/zero", "/dev/urandom"):
        if os.path.exists(device):
            result = runner.invoke(app, ["budget", device])
            assert result.exit_code == 2 and "not_regular_file" in result.output


def test_the_size_limit_is_enforced_on_the_read(monkeypatch):
    # item 11: the limit was checked with stat only, then the whole file was read. Files
    # in /proc say 0 bytes to stat and have more: no more than the limit is read.
    from pathlib import Path

    from hankelaskuri import loader

    source = Path("/proc/self/maps")
    if not source.exists():
        pytest.skip("needs /proc")
    seen = []
    real_decode = loader.decode
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(
        loader, "decode", lambda raw, label: seen.append(len(raw)) or real_decode(raw, label)
    )
    with pytest.raises(InputError) as info:
        loader.read_text(source)
    assert [p.code for p in info.value.problems] == ["file_too_large"]
    assert all(n <= 101 for n in seen)


def test_a_file_of_unknown_keys_reports_fifty_and_counts_the_rest(tmp_path):
    # item 13: 91 920 errors and 48 s for a 1 MiB file of unknown keys
    keys = "\n".join(f"tuntematon_{i} = 1" for i in range(5000))
    path = project(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[project]\n", "[project]\n" + keys + "\n", 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(path)
    found = info.value.problems
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1].code == "more_problems"
    assert dict(found[-1].params)["count"].value == str(5000 - MAX_PROBLEMS)
    assert info.value.count == 5000
    result = runner.invoke(app, ["budget", str(path)])
    assert result.exit_code == 2
    assert "5000 virhettä" in result.output and "4950 muuta" in result.output


@pytest.mark.parametrize(
    ("start", "end", "key"),
    [("9999-01-01", "9999-12-31", "project.start"), ("0001-01-01", "2025-12-31", "project.start")],
)
def test_one_year_range_for_dates_and_years(tmp_path, start, end, key):
    # item 17: a project dated 9999 passed although by_year refused years above 2100, and
    # year-1 dates became negative Excel serials
    path = project(tmp_path, start=start, end=end)
    found = problems(path)
    assert (found[0].code, found[0].key) == ("date_out_of_range", key)
    params = {k: p.value for k, p in found[0].params}
    assert params["min"] == "1990" and params["max"] == "2100"


def test_markdown_attachment_keeps_project_text_as_text(tmp_path):
    # item 16: raw HTML, javascript: links and injected headings passed through
    from markdown_it import MarkdownIt

    hostile = (
        "<script>alert(1)</script> [klikkaa](javascript:alert(1)) <b>x</b>\\n# Otsikko *k* `c`"
    )
    path = project(tmp_path, name=f'"{hostile}"', partner='"1. Oy <i>"')
    out = tmp_path / "k.md"
    result = runner.invoke(app, ["attachment", str(path), "-m", "Karstula", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in html and "<b>" not in html and "<i>" not in html
    assert "<a " not in html and "<code>" not in html
    assert html.count("<em>") == 1  # the attachment's own subtitle
    # the name is one heading, shown as written
    assert html.count("<h1>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [klikkaa](javascript:alert(1))" in html
    assert "# Otsikko *k* `c`" in html
