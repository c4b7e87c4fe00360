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


def test_programmes_officials_apply_to_are_built_in():
    ids = {p.id for p in load_all()}
    assert {
        "esf-plus-2021-2027",
        "interreg-aurora-2021-2027",
        "interreg-central-baltic-2021-2027",
    } <= ids


def _at(param, day):
    return param.at(day).value


def test_leader_split_has_its_dated_history():
    from datetime import date

    split = load_programme_file(BUILTIN_DIR / "leader-2023-2027.toml").support_split
    # 2014–2022: 42 / 38 / 20; 2023–2027: 43 / 37 / 20 (Rural Network, maaseutu.fi)
    old, new = date(2020, 6, 1), date(2024, 6, 1)
    assert [_at(p, old) for p in (split.eu, split.state, split.municipal)] == [
        D("0.42"),
        D("0.38"),
        D("0.20"),
    ]
    assert [_at(p, new) for p in (split.eu, split.state, split.municipal)] == [
        D("0.43"),
        D("0.37"),
        D("0.20"),
    ]
    assert split.eu.at(new).status == "official"


def test_leader_measures_as_the_groups_run_them():
    from datetime import date

    day = date(2025, 3, 1)
    m = load_programme_file(BUILTIN_DIR / "leader-2023-2027.toml").measures
    rates = {k: _at(m[k].max_support_rate, day) for k in m}
    assert rates["development"] == D("0.80") and rates["development_90"] == D("0.90")
    assert rates["investment"] == D("0.65") and rates["municipal_investment"] == D("0.60")
    assert rates["cooperation"] == D("0.80") and rates["company_group"] == D("0.75")
    assert _at(m["cooperation"].max_support, day) == 100000
    # pienhanke: total cost at most 8 000 € (VNa 617/2023 § 2), paid as a lump sum
    assert _at(m["small_project"].max_total_cost, day) == 8000
    assert _at(m["small_project"].cost_models, day) == ["lump_sum"]
    eafrd = load_programme_file(BUILTIN_DIR / "eafrd-2023-2027.toml").measures
    assert _at(eafrd["company_group"].max_support_rate, day) == D("0.75")


def test_rural_calculated_costs_and_talkootyo_machine_hours():
    from datetime import date

    eafrd = load_programme_file(BUILTIN_DIR / "eafrd-2023-2027.toml")
    r19 = eafrd.cost_models["flat_rate_19"]
    assert r19.name.fi == "Laskennalliset kustannukset 19 %"
    # the 19 % covers a list of items, not every category: other costs stay real costs
    assert "other" not in r19.covers and {"travel", "rents", "equipment"} == set(r19.covers)
    assert "liability insurance" in r19.note
    vw = eafrd.voluntary_work
    assert _at(vw.machine_includes_driver, date(2020, 1, 1)) is True  # 45 €/h with driver
    assert _at(vw.machine_includes_driver, date(2024, 1, 1)) is False  # +40 €/h on top
    # CPR art. 55 does not apply to EAFRD: the hours value is marked, not official
    assert eafrd.staff.hours_per_year.at(date(2024, 1, 1)).status == "unconfirmed"
    assert "art. 55 does not apply" in eafrd.staff.hours_per_year.at(date(2024, 1, 1)).source


def test_interreg_aurora_and_central_baltic():
    from datetime import date

    day = date(2025, 1, 1)
    aurora = load_programme_file(BUILTIN_DIR / "interreg-aurora-2021-2027.toml")
    regular = aurora.measures["regular"]
    assert _at(regular.max_support_rate, day) == D("0.65")
    assert _at(aurora.same_options_for_all_partners, day) is True
    assert {k: _at(aurora.cost_models[k].rate, day) for k in ("office_15", "travel_15")} == {
        "office_15": D("0.15"),
        "travel_15": D("0.15"),
    }
    assert set(aurora.cost_models["flat_rate_40"].exclusive_with) == {"office_15", "travel_15"}
    cb = load_programme_file(BUILTIN_DIR / "interreg-central-baltic-2021-2027.toml")
    # what could not be sourced says so
    assert cb.measures["regular"].max_support_rate.at(day).status == "unconfirmed"
    assert _at(cb.rounding.flat_rate_mode, day) == "down"  # Jems truncates to the cent
    assert set(cb.cost_models["other_40"].exclusive_with) == {
        "staff_20",
        "office_15",
        "office_7",
        "travel_15",
    }


def test_akke_councils_with_dates():
    from datetime import date

    akke = load_programme_file(BUILTIN_DIR / "akke.toml")
    ph = akke.measures["paijat-hame"]
    assert _at(ph.max_support_rate, date(2023, 1, 1)) == D("0.70")
    kp = akke.measures["keski-pohjanmaa"]
    # the 2023 call: 80 % and at most 50 000 €, ending with the call (projects end 31.12.2024)
    assert _at(kp.max_support, date(2023, 9, 1)) == 50000
    assert kp.max_support.at(date(2025, 3, 1)) is None
    # national basis: VNa 867/2021 § 4, not the EU-funds decree 866/2021
    assert "867/2021" in akke.measures["development"].max_support_rate.entries[0].source
    assert all("866/2021" not in c.source for c in akke.cost_models.values())


def test_every_programme_declares_its_rounding_points():
    for programme in load_all():
        names = {n for n, _ in programme.params()}
        for point in (
            "support_mode",
            "support_unit",
            "flat_rate_mode",
            "flat_rate_unit",
            "flat_rate_scope",
            "amount_mode",
            "amount_unit",
            "hourly_rate_unit",
        ):
            assert f"rounding.{point}" in names, (programme.id, point)


def test_exclusive_options_name_options_of_the_programme():
    for programme in load_all():
        for cid, model in programme.cost_models.items():
            assert set(model.exclusive_with) <= set(programme.cost_models), (programme.id, cid)


def test_public_body_words_come_from_data():
    from datetime import date

    from hankelaskuri.rules import load_defaults

    pattern = load_defaults().public_body_pattern(date(2026, 3, 1))
    for name in ("Iitin kunta", "Lapin elinvoimakeskus", "Työ- ja elinkeinoministeriö"):
        assert pattern.search(name), name
    for name in ("Kuntaliitto ry", "Paikallinen Osuuspankki"):
        assert not pattern.search(name), name
    # elinvoimakeskus is a public body's name from 1.1.2026 (law 531/2025)
    assert not load_defaults().public_body_pattern(date(2024, 3, 1)).search("X elinvoimakeskus")


def test_support_may_only_be_rounded_down(tmp_path):
    # issue 13 item 2: support never exceeds what the rate allows, so a rules file that
    # rounds it half up (80 % of 1 000,70 € = 800,56 € → 801 €) is refused
    from hankelaskuri.errors import UserError

    jtf = BUILTIN_DIR / "jtf-2021-2027.toml"
    text = jtf.read_text(encoding="utf-8")
    assert 'support_mode = { value = "down"' in text
    own = tmp_path / "jtf-2021-2027.toml"
    own.write_text(
        text.replace('support_mode = { value = "down"', 'support_mode = { value = "half_up"'),
        encoding="utf-8",
    )
    with pytest.raises(UserError) as info:
        load_programme_file(own)
    told = info.value.text("fi")
    assert "rounding.support_mode: Tuki pyöristetään aina alaspäin" in told, told
    assert "half_up" in told


@pytest.mark.parametrize(
    ("programme", "lang", "line"),
    [
        ("akke", "fi", "Rahasto: kansallinen"),  # national money (Laki 757/2021)
        ("akke", "sv", "Fond: nationell"),
        ("erdf-2021-2027", "fi", "Rahasto: EAKR"),  # the Finnish name of the ERDF
        ("erdf-2021-2027", "sv", "Fond: Eruf"),
        ("akke", "en", "Fund: national"),
    ],
)
def test_rules_listing_names_the_fund_in_the_readers_words(programme, lang, line):
    # 'Rahasto: national' was the rules file's code word in a Finnish listing
    from typer.testing import CliRunner

    from hankelaskuri.cli import app

    out = CliRunner().invoke(app, ["rules", programme, "--lang", lang], env={"NO_COLOR": "1"})
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[1].startswith(line + " ")
