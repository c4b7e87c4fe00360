"""Unusable input: every problem at once, with line, key and a hint."""

from pathlib import Path

import pytest

from hankelaskuri.errors import InputError
from hankelaskuri.loader import load
from hankelaskuri.models import business_id_valid

from .conftest import EXAMPLES

GOOD = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")


def problems(path: Path):
    with pytest.raises(InputError) as info:
        load(path)
    return info.value.problems


def test_business_id_check_digit():
    # Iitin kunta 0158766-7 (seed 000): 0·7+1·9+5·10+8·5+7·8+6·4+6·2 = 191, 191 mod 11 = 4,
    # check digit 11 − 4 = 7.
    assert business_id_valid("0158766-7")
    assert not business_id_valid("0158766-8")
    assert not business_id_valid("158766-7")
    # 1000000: 1·7 = 7, 7 mod 11 = 7, check digit 11 − 7 = 4
    assert business_id_valid("1000000-4")


def test_all_problems_at_once_with_lines_and_hints(write):
    path = write("""\
        [project]
        name = "Testi"
        start = 2024-10-01
        end = 2025-01-01
        programme = "jtf-2021-2027"
        measure = "development"
        cost_model = "flat_rate_40"
        suport = 1

        [[partners]]
        id = "a"
        name = "A Oy"
        role = "main"
        business_id = "0158766-8"

        [[staff]]
        title = "PM"
        amount = "1 234,50"

        [funding]
        support_rate = 80
        """)
    found = {p.code: p for p in problems(path)}
    assert set(found) == {"unknown_key", "business_id_invalid", "number_as_text", "rate_as_percent"}
    assert found["unknown_key"].line == 8 and found["unknown_key"].key == "project.suport"
    assert found["business_id_invalid"].line == 14
    assert found["number_as_text"].key == "staff[0].amount" and found["number_as_text"].line == 18
    assert "1234.50" in found["number_as_text"].hint_text("fi")
    assert found["rate_as_percent"].line == 21
    assert "0.8" in found["rate_as_percent"].hint_text("fi")


def test_unknown_key_did_you_mean(write):
    path = write(GOOD.replace("support_rate = 0.80", "suport_rate = 0.80"))
    (p,) = problems(path)
    assert p.code == "unknown_key" and p.key == "funding.suport_rate"
    assert "support_rate" in p.hint_text("fi")


def test_references_checked_together(write):
    text = GOOD.replace('programme = "jtf-2021-2027"', 'programme = "jtf-2021-2028"')
    text = text.replace('partner = "kemi"\ntitle', 'partner = "kemii"\ntitle')
    text += '\n[municipal]\nmembers = ["Kemii", "Helsingfors"]\n'
    found = problems(write(text))
    codes = [p.code for p in found]
    assert codes == ["unknown_programme", "unknown_partner", "unknown_municipality"]
    assert "jtf-2021-2027" in found[0].hint_text("fi")
    assert "Kemi" in found[2].hint_text("fi")


def test_municipality_by_swedish_name_and_code(write):
    text = GOOD + '\n[municipal]\nfunding = 0\nmembers = ["Helsingfors", "091", "Itis"]\n'
    found = problems(write(text))
    assert [p.code for p in found] == ["duplicate_municipality"]


def test_end_before_start(write):
    path = write(GOOD.replace("end = 2027-09-30", "end = 2024-01-01"))
    (p,) = problems(path)
    assert p.code == "end_before_start" and p.key == "project.end"
    assert p.line == GOOD.splitlines().index("end = 2027-09-30") + 1


def test_syntax_error_has_line_and_column(write):
    path = write('[project]\nname = "x\nstart = 2024-01-01\n')
    (p,) = problems(path)
    assert (p.code, p.line, p.column) == ("toml_syntax", 2, 10)


def test_negative_amount_and_nan(write):
    text = GOOD.replace("monthly_pay = 3750.00", "monthly_pay = -3750.00").replace(
        "support_rate = 0.80", "support_rate = nan"
    )
    codes = sorted(p.code for p in problems(write(text)))
    assert codes == ["not_finite", "too_small"]


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    assert load(path).project.project.name == "Kestävän kasvun voimalla parempaa bisnestä"


def test_windows_1252_is_named(tmp_path):
    path = tmp_path / "cp.toml"
    path.write_bytes(GOOD.encode("cp1252", errors="replace"))
    (p,) = problems(path)
    assert p.code == "encoding" and "Windows-1252" in p.message("fi")
    assert "UTF-8" in p.hint_text("fi")


def test_empty_binary_and_huge_files(tmp_path):
    empty = tmp_path / "empty.toml"
    empty.write_text("  \n", encoding="utf-8")
    assert [p.code for p in problems(empty)] == ["empty_file"]
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\x00\x01\x02")
    assert [p.code for p in problems(binary)] == ["binary_file"]
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as fh:
        fh.truncate(2 * 1024 * 1024)
    assert [p.code for p in problems(huge)] == ["file_too_large"]
    missing = tmp_path / "missing.toml"
    assert [p.code for p in problems(missing)] == ["file_not_found"]


def test_date_as_text(write):
    path = write(GOOD.replace("start = 2024-10-01", 'start = "1.10.2024"'))
    (p,) = problems(path)
    assert p.code == "date_as_text" and "2024-10-01" in p.hint_text("fi")


def test_references_and_values_in_one_report(write):
    """An unknown measure, an end before the start, a number as text and an unknown
    municipality: all four at once, in the order of the file."""
    text = GOOD.replace('measure = "development"', 'measure = "developmnt"')
    text = text.replace("end = 2027-09-30", "end = 2023-01-01")
    text = text.replace("monthly_pay = 3750.00", 'monthly_pay = "3 750,00"')
    text += '\n[municipal]\nmembers = ["Kemii"]\n'
    found = problems(write(text))
    assert [p.code for p in found] == [
        "end_before_start",
        "unknown_measure",
        "number_as_text",
        "unknown_municipality",
    ]
    assert [p.line for p in found] == sorted(p.line for p in found)
    assert "development" in found[1].hint_text("fi")


def test_bounds_are_written_as_people_write_them(write):
    """The bound in a message is a number in the reader's style, never a Python value; a
    zero where more than zero is needed is not told "at least 0"; a year key out of range
    names the key, not pydantic's "[key]"."""
    text = (
        GOOD.replace("monthly_pay = 3750.00", "monthly_pay = 2000000000")
        .replace("fte = 1.0", "fte = 0", 1)
        .replace("by_year = { 2024 =", "by_year = { 1989 = 1, 2024 =", 1)
    )
    found = {p.code: p for p in problems(write(text))}
    large = found["too_large"]
    assert large.key == "staff[0].monthly_pay"
    assert large.message("fi") == "Arvo saa olla enintään 1 000 000 000; saatiin 2000000000."
    assert large.message("en") == "Value must be at most 1,000,000,000; got 2000000000."
    assert found["not_positive"].message("sv") == "Värdet ska vara större än 0; fick 0."
    year = found["too_small"]
    assert year.key.endswith(".by_year.1989")
    assert year.message("fi") == "Arvon pitää olla vähintään 1990; saatiin 1989."


@pytest.mark.parametrize(
    ("start", "end", "too_long"),
    [
        ("2026-01-01", "2040-12-31", False),  # 15 years to the day
        ("2026-01-01", "2041-01-01", True),  # 15 years and a day
        ("2026-01-01", "2041-12-31", True),  # 16 calendar years: once let through
        ("2028-02-29", "2043-02-28", False),  # from a leap day: 15 years end on 28.2.
        ("2028-02-29", "2043-03-01", True),
    ],
)
def test_a_project_lasts_at_most_fifteen_years(write, start, end, too_long):
    text = GOOD.replace("start = 2024-10-01", f"start = {start}").replace(
        "end = 2027-09-30", f"end = {end}"
    )
    path = write(text)
    if too_long:
        assert "period_too_long" in {p.code for p in problems(path)}
    else:
        try:
            load(path)
        except InputError as exc:
            assert "period_too_long" not in {p.code for p in exc.problems}
