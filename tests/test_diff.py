"""hanke diff and attachment --since on an example and a revised copy of it.

The revised copy (tests/cases/diff/sydansuomi-revised.toml) of
examples/sydansuomi-pikastartti.toml
- moves the travel line (3 000 €: 2 000 in 2023, 1 000 in 2024) into purchased services,
- lasts one year longer (to 30.6.2025): the project expert's 4 200 €/month for the rest of
  2024 (+25 200) and half of 2025 (+25 200),
- adds Multia to the seven municipalities.

By hand (AKKE, flat rate 15 % of staff, support 80 %, the municipalities cover the rest):
  staff       79 800 → 130 200  (+50 400, +63,16 %: above the 20 % limit)
  travel       3 000 →       0  (−100 %: above the limit)
  purchased   21 705 →  24 705  (+3 000, +13,82 %: within the limit)
  flat rate   11 970 →  19 530  (15 % of staff: follows staff, not a shift of its own)
  total      116 475 → 174 435
  support     93 180 → 139 548  (80 %)
  municipal   23 295 →  34 887  (20 %)
Per capita, a municipality's share rises when 34 887 / (P + Multia) > 23 295 / P with
P = 18 485 (the seven, bundled populations 31.12.2022) and Multia 1 477:
34 887 × 18 485 = 644 886 195 > 23 295 × 19 962 = 465 014 790, so all eight rise.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal as D
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from hankelaskuri import municipalities as muni
from hankelaskuri.api import compare_files, compute_loaded
from hankelaskuri.cli import app
from hankelaskuri.diff import compare
from hankelaskuri.loader import load_text

from .conftest import EXAMPLES, ROOT
from .strategies import projects

OLD = EXAMPLES / "sydansuomi-pikastartti.toml"
NEW = ROOT / "tests" / "cases" / "diff" / "sydansuomi-revised.toml"
SEVEN = ["Kannonkoski", "Karstula", "Kinnula", "Kivijärvi", "Kyyjärvi", "Pihtipudas", "Viitasaari"]
EIGHT = [*SEVEN, "Multia"]


def test_every_flag_is_the_expected_one():
    _, _, diff = compare_files(OLD, NEW)
    flags = {(f.code, f.subject) for f in diff.flags}
    assert flags == {
        ("category_shift", "staff"),
        ("category_shift", "travel"),
        ("longer_period", ""),
        ("higher_total", ""),
        ("higher_support", ""),
        *(("commitment_rose", name) for name in EIGHT),
    }
    by_code = {(f.code, f.subject): f for f in diff.flags}
    staff = by_code[("category_shift", "staff")]
    assert (staff.old, staff.new, staff.percent) == ("79800.00", "130200.00", D("0.6316"))
    travel = by_code[("category_shift", "travel")]
    assert (travel.old, travel.new, travel.percent) == ("3000.00", "0.00", D("-1.0000"))
    assert by_code[("longer_period", "")].new == "2022-12-01–2025-06-30"
    assert by_code[("higher_total", "")].new == "174435.00"
    assert by_code[("higher_support", "")].new == "139548.00"
    # every flag but the councils' own names its rule and source
    for f in diff.flags:
        assert (f.rule is None) == (f.code == "commitment_rose")
        if f.rule:
            assert f.rule.source and f.rule.status in ("official", "secondary", "unconfirmed")
    purchased = next(c for c in diff.categories if c.key == "purchased_services")
    assert (purchased.old, purchased.new) == (D("21705.00"), D("24705.00"))
    assert [m.name_fi for m in diff.raised] == EIGHT


def test_no_change_needs_nothing_and_exits_0():
    runner = CliRunner()
    out = runner.invoke(app, ["diff", str(OLD), str(OLD), "--lang", "fi"])
    assert out.exit_code == 0, out.output
    assert "Ei hyväksyntää vaativia muutoksia." in out.stdout


def test_cli_formats_and_exit_codes(tmp_path):
    runner = CliRunner()
    out = runner.invoke(app, ["diff", str(OLD), str(NEW), "--format", "json"])
    assert out.exit_code == 1
    data = json.loads(out.stdout)
    assert data["needs_approval"] is True
    assert {f["code"] for f in data["flags"]} == {
        "category_shift",
        "longer_period",
        "higher_total",
        "higher_support",
        "commitment_rose",
    }
    multia = next(c for c in data["commitments"] if c["name"] == "Multia")
    assert multia["old"] == "0.00" and multia["rose"] is True
    md = runner.invoke(app, ["diff", str(OLD), str(NEW), "--format", "md", "--lang", "sv"])
    assert md.exit_code == 1
    assert "| Kostnadsslag | Godkänd | Ny | Ändring | % |" in md.stdout
    assert "| Resekostnader | 3 000,00 | 0,00 | -3 000,00 | -100,0 % |" in md.stdout
    text = runner.invoke(app, ["diff", str(OLD), str(NEW), "--lang", "fi"])
    assert text.exit_code == 1
    assert "Hyväksyntää vaativia muutoksia: 13" in text.stdout
    # each flag's rule by its key in the rules listing, not the rules' English source text
    assert "lähde: hanke rules, changes.category_shift" in text.stdout
    assert "change application" not in text.stdout and "change application" not in md.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text("[project\n", encoding="utf-8")
    assert runner.invoke(app, ["diff", str(OLD), str(bad)]).exit_code == 2


def _euros(text: str) -> D:
    return D(text.replace("\u00a0", " ").replace(" ", "").replace(",", "."))


AMOUNT = r"(\d{1,3}(?: \d{3})*,\d{2}) €"


def test_supplementary_attachments_read_back(tmp_path):
    """Each raised municipality gets an attachment stating its approved and new share; the
    amounts read back from the Markdown and DOCX files are each municipality's exact
    per-capita share to the cent, and add up to the municipal funding of each version."""
    runner = CliRunner()
    out = runner.invoke(
        app,
        ["attachment", str(NEW), "--since", str(OLD), "--all", "-d", str(tmp_path), "-f", "md"],
    )
    assert out.exit_code == 0, out.output
    files = sorted(p.name for p in tmp_path.glob("*.md"))
    assert len(files) == 8
    population = {n: muni.find(n).population for n in EIGHT}
    p_old = sum(population[n] for n in SEVEN)
    p_new = p_old + population["Multia"]
    assert (p_old, p_new) == (18_485, 19_962)
    olds, news = {}, {}
    for name in EIGHT:
        stem = "taydentava-liite-" + name.lower().replace("ä", "a")
        text = (tmp_path / f"{stem}.md").read_text(encoding="utf-8")
        proposal = re.search(r"hyväksytyn " + AMOUNT + r" sijaan yhteensä " + AMOUNT, text)
        if name == "Multia":  # new to the plan: it joins; no "instead of the approved 0,00 €"
            assert "ei ole osallistunut" in text and proposal is None
            proposal = re.search(
                r"Multia osallistuu hankkeeseen .* ja sitoutuu rahoittamaan sitä yhteensä ()"
                + AMOUNT,
                text,
            )
        assert proposal, name
        old, new = _euros(proposal.group(1) or "0,00"), _euros(proposal.group(2))
        total_row = re.search(
            r"\| \*\*Yhteensä\*\* \| \*\*" + AMOUNT + r"\*\* \| \*\*" + AMOUNT, text
        )
        assert total_row and (_euros(total_row.group(1)), _euros(total_row.group(2))) == (old, new)
        exact_old = D(23_295) * population[name] / p_old if name != "Multia" else D(0)
        exact_new = D(34_887) * population[name] / p_new
        assert abs(old - exact_old) < D("0.01"), name
        assert abs(new - exact_new) < D("0.01"), name
        assert new > old
        # the years in the draft decision add up to the new share
        years = [_euros(a) for a in re.findall(r"^- 20\d\d: " + AMOUNT, text, re.M)]
        assert sum(years) == new
        # Viitasaari is a town (kaupunki in the bundled data): its town board decides
        board = "Kaupunginhallitus" if name == "Viitasaari" else "Kunnanhallitus"
        assert (
            f"{board} päättää, että {name} {'osallistuu' if name == 'Multia' else 'sitoutuu'}"
            in text
        )
        olds[name], news[name] = old, new
    assert sum(olds.values()) == D("23295.00")
    assert sum(news.values()) == D("34887.00")

    # DOCX: the same amounts in the table's total row
    docx = _viitasaari_docx(tmp_path, runner)
    for name, path in docx.items():
        from docx import Document

        table = Document(str(path)).tables[-1]
        cells = [c.text for c in table.rows[-1].cells]
        assert (_euros(cells[1].rstrip(" €")), _euros(cells[2].rstrip(" €"))) == (
            olds[name],
            news[name],
        )


def _viitasaari_docx(tmp_path: Path, runner: CliRunner) -> dict[str, Path]:
    folder = tmp_path / "docx"
    folder.mkdir()
    out = runner.invoke(
        app,
        [
            "attachment",
            str(NEW),
            "--since",
            str(OLD),
            "-m",
            "Viitasaari",
            "-o",
            str(folder / "v.docx"),
        ],
    )
    assert out.exit_code == 0, out.output
    return {"Viitasaari": folder / "v.docx"}


def test_only_raised_municipalities(tmp_path):
    # the same version twice: no commitment rose, nothing is written, and asking for one
    # municipality is refused
    runner = CliRunner()
    out = runner.invoke(
        app,
        ["attachment", str(OLD), "--since", str(OLD), "--all", "-d", str(tmp_path), "-f", "md"],
    )
    assert out.exit_code == 0
    assert not list(tmp_path.glob("*.md"))
    refused = runner.invoke(
        app, ["attachment", str(OLD), "--since", str(OLD), "-m", "Karstula", "-o", "x.md"]
    )
    assert refused.exit_code == 2


def test_an_implementing_town_whose_own_share_rose(tmp_path):
    # Kemi implements the project itself: 1 000 € more travel in 2027 (8 307 → 9 307,
    # +12,0 %: within the 20 % limit). Net cost 276 605 → 277 605; support 80 % rounded
    # down 221 284 → 222 084; Kemi's own share 55 321 → 55 521 (+200 €).
    kemi = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
    revised = kemi.replace("2027 = 1507.00", "2027 = 2507.00")
    assert revised != kemi
    (tmp_path / "new.toml").write_text(revised, encoding="utf-8")
    _, _, diff = compare_files(EXAMPLES / "kemi-kestava-kasvu.toml", tmp_path / "new.toml")
    assert {(f.code, f.subject) for f in diff.flags} == {
        ("higher_total", ""),
        ("higher_support", ""),
        ("commitment_rose", "Kemi"),
    }
    (kemi_money,) = diff.raised
    assert (kemi_money.old, kemi_money.new) == (D("55321.00"), D("55521.00"))
    out = CliRunner().invoke(
        app,
        [
            "attachment",
            str(tmp_path / "new.toml"),
            "--since",
            str(EXAMPLES / "kemi-kestava-kasvu.toml"),
            "-m",
            "Kemi",
            "-o",
            str(tmp_path / "kemi.md"),
        ],
    )
    assert out.exit_code == 0, out.output
    text = (tmp_path / "kemi.md").read_text(encoding="utf-8")
    assert "aiemmin hyväksytyn 55 321,00 € sijaan yhteensä 55 521,00 €" in text


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(projects())
def test_a_version_compared_with_itself_needs_nothing(case):
    text, _ = case
    loaded = load_text(text, "random.toml")
    result = compute_loaded(loaded)
    diff = compare(result, result, loaded.programme)
    assert diff.flags == () and not diff.raised
    for group in ("categories", "years", "partners", "funding", "totals"):
        assert all(c.delta == 0 and c.old == c.new for c in getattr(diff, group))
    assert [m.new for m in diff.commitments] == [m.amount for m in result.municipalities]


def test_markdown_keeps_project_text_as_text(tmp_path):
    # `diff -f md` escaped only '|': a name with HTML, emphasis, a link or an entity came
    # out as markup. Forms written by hand: HTML as entities, Markdown markers with '\'.
    hostile = "<script>alert(1)</script> **x** [l](http://x) &amp; a|b"
    escaped = r"&lt;script&gt;alert(1)&lt;/script&gt; \*\*x\*\* \[l\](http://x) &amp;amp; a\|b"
    partner = "_Oy_ <b>Kumppani</b> `koodi`"
    partner_escaped = r"\_Oy\_ &lt;b&gt;Kumppani&lt;/b&gt; \`koodi\`"
    text = OLD.read_text(encoding="utf-8")
    name = 'name = "Sydänsuomen aluekehitystyölle pikastartti"'
    assert name in text
    old = tmp_path / "old.toml"
    old.write_text(text.replace(name, f'name = "{hostile}"'), encoding="utf-8")
    extra = (
        f'[[partners]]\nid = "co"\nname = "{partner}"\nrole = "co"\n\n'
        '[[costs]]\npartner = "co"\ncategory = "travel"\n'
        'description = "**Matkat** <i>x</i>"\nby_year = { 2023 = 1000.00 }\n\n'
    )
    new = tmp_path / "new.toml"
    new.write_text(
        text.replace(name, f'name = "{hostile} 2"').replace("[[staff]]", extra + "[[staff]]", 1),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "-f", "md"])
    assert result.exit_code == 1, result.output
    md = result.stdout
    assert md.splitlines()[0] == f"# Muutokset: {escaped} → {escaped} 2"
    # the new partner in its flag and in the partners' table
    assert f"- Uusi toteuttaja {partner_escaped}: muutoshakemus.  " in md
    assert f"| {partner_escaped} | 0,00 | 1 000,00 | +1 000,00 | uusi |" in md
    for raw in ("<script>", "<b>", "**x**", "[l](", "&amp; a", "a|b", "_Oy_", "`koodi`"):
        assert raw not in md
