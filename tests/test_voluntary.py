"""Talkootyö machine hours: the 2014–2022 machine value (45 €/h) included its driver, the
2023– value (+40 €/h) comes on top of the driver's 20 €/h. No driver's hour is valued twice."""

from decimal import Decimal as D
from pathlib import Path

from hankelaskuri.engine import without_drivers
from hankelaskuri.models import VoluntaryWork

PROJECT = """
[project]
name = "Talkoot"
start = 2024-01-01
end = 2025-12-31
programme = "{programme}"
measure = "development"
cost_model = "actual"
[[partners]]
id = "ky"
name = "Kyläyhdistys ry"
role = "main"
sector = "private"
[[costs]]
category = "other"
amount = 1000.00
[[voluntary_work]]
hours_by_year = {{ 2024 = 100, 2025 = 50 }}
machine_hours_by_year = {{ 2024 = 10 }}
[funding]
support_rate = 0.80
"""


def test_machine_on_top_of_the_driver(project):
    # 2023–: people 150 h × 20 = 3 000,00; machine 10 h × 40 = 400,00 → 3 400,00
    r = project(PROJECT.format(programme="eafrd-2023-2027"))
    assert r.by_category["voluntary_work"] == D("3400.00")


def test_machine_rate_with_its_driver(project, tmp_path):
    # rules where the machine rate includes its driver (as 2014–2022, 45 €/h with driver):
    # people (100 − 10) h + 50 h = 140 h × 20 = 2 800,00; machine 10 h × 45 = 450,00
    rules = tmp_path / "rules"
    rules.mkdir()
    src = Path(__file__).parent.parent / "src/hankelaskuri/rules/eafrd-2023-2027.toml"
    text = src.read_text(encoding="utf-8").replace('id = "eafrd-2023-2027"', 'id = "oma"')
    text = text.replace(
        '{ value = false, since = 2023-01-01, source = "Ruokavirasto: talkootyö (machine',
        '{ value = true, since = 2023-01-01, source = "Test: as 2014–2022 (machine',
    ).replace("{ value = 40, since = 2023-01-01", "{ value = 45, since = 2023-01-01")
    (rules / "oma.toml").write_text(text, encoding="utf-8")
    r = project(PROJECT.format(programme="oma"), rules_dirs=[rules])
    line = next(x for x in r.cost_lines if x.category == "voluntary_work")
    people = next(p for p in line.parts if p.kind == "people")
    assert dict(people.hours_by_year) == {2024: D(90), 2025: D(50)}
    assert r.by_category["voluntary_work"] == D("3250.00")


def test_driver_hours_taken_off_in_every_form():
    both_totals = VoluntaryWork(hours=D(30), machine_hours=D(8))
    assert without_drivers(both_totals) == (D(22), None)
    years_and_total = VoluntaryWork(hours_by_year={2024: D(5), 2025: D(10)}, machine_hours=D(7))
    # 7 machine hours taken from the years in order: 5 from 2024, 2 from 2025
    assert without_drivers(years_and_total) == (None, {2024: D(0), 2025: D(8)})
    more_machine = VoluntaryWork(hours=D(3), machine_hours_by_year={2024: D(5)})
    assert without_drivers(more_machine) == (D(0), None)
