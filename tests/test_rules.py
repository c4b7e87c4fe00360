"""Every rule file loads, and every value carries a source and a validity start."""

from decimal import Decimal as D
from pathlib import Path

import pytest

from hankelaskuri.rules import BUILTIN_DIR, load_all, load_programme_file

RULE_FILES = sorted(BUILTIN_DIR.glob("*.toml"))


def test_the_required_programmes_are_built_in():
    ids = {p.id for p in load_all()}
    assert {"eafrd-2023-2027", "leader-2023-2027", "jtf-2021-2027", "erdf-2021-2027", "akke"} <= ids


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_every_value_has_source_and_validity_start(path: Path):
    programme = load_programme_file(path)
    assert programme.id == path.stem
    count = 0
    for name, param in programme.params():
        for entry in param.entries:
            count += 1
            assert entry.since is not None, name
            assert len(entry.source.strip()) >= 3, name
            assert entry.status in ("official", "secondary", "unconfirmed"), name
    for cid, model in programme.cost_models.items():
        assert model.source and model.since, cid
    for cid, condition in programme.conditions.items():
        assert condition.source and condition.since, cid
        assert condition.text.fi and condition.text.sv and condition.text.en, cid
    assert count >= 10


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_support_split_sums_to_one(path: Path):
    programme = load_programme_file(path)
    splits = [programme.support_split, *programme.support_split_by_region.values()]
    for split in splits:
        parts = [split.eu, split.state] + ([split.municipal] if split.municipal else [])
        for day in {e.since for p in parts for e in p.entries}:
            assert sum(p.at(day).value for p in parts) == 1


def test_fixed_values_from_domain_sheet():
    eafrd = load_programme_file(BUILTIN_DIR / "eafrd-2023-2027.toml")
    from datetime import date

    day = date(2024, 5, 1)
    assert eafrd.lump_sums["preparation_grant"].amount.at(day).value == 5000
    assert eafrd.voluntary_work.hourly_rate.at(day).value == 20
    assert eafrd.voluntary_work.machine_hourly_rate.at(day).value == 40
    # the 2014–2022 value stays in the file for old projects
    assert eafrd.voluntary_work.hourly_rate.at(date(2020, 1, 1)).value == 15
    assert eafrd.cost_models["flat_rate_19"].rate.at(day).value == D("0.19")
    assert eafrd.cost_models["flat_rate_19"].base == ("staff", "purchased_services")
    leader = load_programme_file(BUILTIN_DIR / "leader-2023-2027.toml")
    split = leader.support_split
    assert (split.eu.at(day).value, split.state.at(day).value, split.municipal.at(day).value) == (
        D("0.43"),
        D("0.37"),
        D("0.20"),
    )
    jtf = load_programme_file(BUILTIN_DIR / "jtf-2021-2027.toml")
    assert jtf.measures["development"].max_support_rate.at(day).value == D("0.80")
    assert jtf.measures["development"].min_own_share.at(day).value == D("0.20")
    assert jtf.staff.hours_per_year.at(day).value == 1720


def test_broken_rules_file_is_a_user_error(tmp_path):
    from hankelaskuri.errors import UserError

    bad = tmp_path / "x.toml"
    bad.write_text('id = "x"\nfund = "X"\n', encoding="utf-8")
    with pytest.raises(UserError):
        load_programme_file(bad)
