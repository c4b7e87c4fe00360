"""The ``hanke`` command as a user runs it: output, languages, JSON, exit codes."""

import json

from typer.testing import CliRunner

from hankelaskuri.cli import app

from .conftest import EXAMPLES

runner = CliRunner()
KEMI = str(EXAMPLES / "kemi-kestava-kasvu.toml")


def invoke(*args):
    return runner.invoke(app, list(args), env={"COLUMNS": "160", "NO_COLOR": "1"})


def test_budget_prints_tables_in_finnish():
    res = invoke("budget", KEMI)
    assert res.exit_code == 0, res.output
    out = res.output
    for text in (
        "Kustannusarvio",
        "Rahoitussuunnitelma",
        "276\u00a0605,00",  # thousands grouped by a no-break space: never split
        "221\u00a0284,00",
        "55\u00a0321,00",
        "80,00\u00a0%",
        "1.10.2024–30.9.2027",
        "Ei havaintoja.",
    ):
        assert text in out


def test_budget_in_swedish_and_english():
    sv = invoke("budget", KEMI, "--lang", "sv")
    assert "Kostnadsberäkning" in sv.output and "Finansieringsplan" in sv.output
    en = invoke("budget", KEMI, "--lang", "en")
    assert "Cost estimate" in en.output and "276,605.00" in en.output


def test_budget_json_keys_and_decimal_strings():
    res = invoke("budget", KEMI, "--format", "json")
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert data["total_cost"] == "276605.00" and data["net_cost"] == "276605.00"
    for key in ("support", "eu", "state", "municipal", "own", "other_public", "private", "in_kind"):
        assert isinstance(data["funding"][key], str)
    assert data["funding"]["support"] == "221284.00"
    assert data["costs"]["by_partner"] == {"kemi": "276605.00"}
    assert set(data["costs"]["by_year"]) == {"2024", "2025", "2026", "2027"}
    assert "staff" in data["costs"]["by_category"]
    assert data["support_rate"] == "0.8000"
    assert data["municipal_shares"] == [] and data["findings"] == []


def test_budget_json_municipal_shares():
    data = json.loads(
        invoke("budget", str(EXAMPLES / "sydansuomi-pikastartti.toml"), "-f", "json").output
    )
    first = data["municipal_shares"][0]
    assert set(first) >= {"municipality", "code", "amount", "by_year"}
    assert first["municipality"] == "Kannonkoski" and first["code"] == "216"
    assert sum(float(m["amount"]) for m in data["municipal_shares"]) == 23295.0


def test_exit_1_on_error_findings(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(
        (EXAMPLES / "kemi-kestava-kasvu.toml")
        .read_text(encoding="utf-8")
        .replace("support_rate = 0.80", "support_rate = 0.90"),
        encoding="utf-8",
    )
    res = invoke("budget", str(path), "-f", "json")
    assert res.exit_code == 1
    finding = json.loads(res.output)["findings"][0]
    assert finding["code"] == "support_rate_above_max" and finding["severity"] == "error"
    assert finding["key"] == "funding.support_rate" and isinstance(finding["line"], int)


def test_exit_2_on_unusable_input_without_traceback(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('[project]\nname = "x\n', encoding="utf-8")
    res = invoke("budget", str(path))
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    head = next(line for line in res.output.splitlines() if line.startswith(f"{path}:2:10: "))
    assert head.endswith("[toml_syntax]")
    res = invoke("budget", str(tmp_path / "nothing.toml"))
    assert res.exit_code == 2 and "file_not_found" in res.output


def test_rules_list_and_one():
    res = invoke("rules", "--format", "json")
    assert res.exit_code == 0
    ids = [p["id"] for p in json.loads(res.output)]
    assert "jtf-2021-2027" in ids and "leader-2023-2027" in ids
    one = invoke("rules", "leader-2023-2027")
    assert one.exit_code == 0 and "arkisto.maaseutu.fi" in one.output
    data = json.loads(invoke("rules", "eafrd-2023-2027", "-f", "json").output)
    values = {v["name"]: v for v in data["values"]}
    assert values["lump_sums.preparation_grant.amount"]["value"] == "5000"
    assert invoke("rules", "nope").exit_code == 2


def test_every_command_has_help():
    for command in (
        "budget",
        "check",
        "export",
        "attachment",
        "fmt",
        "init",
        "scenario",
        "rules",
        "schema",
    ):
        res = invoke(command, "--help")
        assert res.exit_code == 0 and len(res.output) > 100


def test_own_rules_folder(tmp_path):
    src = (EXAMPLES.parent / "src/hankelaskuri/rules/akke.toml").read_text(encoding="utf-8")
    (tmp_path / "oma.toml").write_text(
        src.replace('id = "akke"', 'id = "oma-liitto"'), encoding="utf-8"
    )
    res = invoke("rules", "--rules", str(tmp_path), "-f", "json")
    assert "oma-liitto" in [p["id"] for p in json.loads(res.output)]


def test_schema_is_current_and_validates_examples():
    import tomllib

    import jsonschema

    res = invoke("schema")
    assert res.exit_code == 0
    schema = json.loads(res.output)
    committed = json.loads(
        (EXAMPLES.parent / "docs/project.schema.json").read_text(encoding="utf-8")
    )

    # pydantic versions word the schema a little differently; the keys must be the same
    def keys(s):
        return {name: sorted(d.get("properties", {})) for name, d in s["$defs"].items()}

    assert keys(schema) == keys(committed), "run: hanke schema > docs/project.schema.json"
    for path in EXAMPLES.glob("*.toml"):
        # as an editor sees it: TOML dates become ISO strings
        data = json.loads(json.dumps(tomllib.loads(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)
        assert path.read_text(encoding="utf-8").startswith("#:schema ../docs/project.schema.json")
    bad = json.loads(
        json.dumps(
            tomllib.loads(
                (EXAMPLES / "kemi-kestava-kasvu.toml")
                .read_text(encoding="utf-8")
                .replace("support_rate", "suport_rate")
            ),
            default=str,
        )
    )
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("a typo'd key must not validate")


def test_budget_does_not_import_exporters():
    """hanke budget is run most: openpyxl and the document libraries stay unloaded."""
    import subprocess
    import sys

    code = (
        "import sys; sys.argv = ['hanke', 'budget', sys.argv[1]]\n"
        "from hankelaskuri.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('openpyxl', 'docx', 'weasyprint') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code, KEMI], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_rules_shows_every_cost_option_with_its_source():
    from hankelaskuri.i18n import rule_text
    from hankelaskuri.rules import load_programme

    programme = load_programme("interreg-central-baltic-2021-2027")
    one = invoke("rules", "interreg-central-baltic-2021-2027")
    assert one.exit_code == 0
    text = " ".join(one.output.split())  # sources wrap at the screen's width
    for cid, option in programme.cost_models.items():
        source = rule_text(option.source, "fi")  # in the reader's language
        assert cid in text and " ".join(source.split()) in text, cid
    data = json.loads(invoke("rules", "interreg-central-baltic-2021-2027", "-f", "json").output)
    by_id = {o["id"]: o for o in data["cost_options"]}
    assert by_id["other_40"]["exclusive_with"] == ["staff_20", "office_15", "office_7", "travel_15"]
    assert by_id["travel_15"]["target"] == "travel" and by_id["travel_15"]["base"] == ["staff"]
    assert by_id["office_15"]["rate"][0]["value"] == "0.15"


def test_every_registered_command_and_option_has_help_in_every_language():
    # the commands as registered (not a list kept by hand): a new command, or one whose
    # help= is missing or names no catalogue text, fails here
    import click
    import typer.main

    from hankelaskuri.i18n import LANGS, has

    group = typer.main.get_command(app)
    ctx = click.Context(group)
    names = group.list_commands(ctx)
    assert {"budget", "check", "export", "attachment", "init", "diff"} <= set(names)
    for name in names:
        command = group.get_command(ctx, name)
        helps = [(name, command.help)] + [
            (f"{name} {param.name}", getattr(param, "help", None))
            for param in command.params
            if not getattr(param, "hidden", False)
        ]
        for where, key in helps:
            assert key, f"{where}: no help"
            for lang in LANGS:
                assert has(key, lang), f"{where}: {key} not in the {lang} catalogue"
        page = invoke(name, "--help")
        assert page.exit_code == 0, page.output
        assert command.help not in page.output  # the text is shown, not its key


def test_budget_json_names_the_options_and_their_amounts():
    case = EXAMPLES.parent / "tests" / "cases" / "interreg-cb-staff20-travel15.toml"
    data = json.loads(invoke("budget", str(case), "--format", "json").output)
    assert [o["id"] for o in data["project"]["cost_options"]] == ["actual", "staff_20", "travel_15"]
    flat = {f["option"]: f for f in data["costs"]["flat_rates"]}
    # 20 % of 50 864,87 truncated to the cent; 15 % of that, truncated
    assert flat["staff_20"]["amount"] == "10172.97" and flat["staff_20"]["category"] == "staff"
    assert flat["travel_15"]["amount"] == "1525.94" and flat["travel_15"]["category"] == "travel"


def test_every_written_path_is_told_as_it_is(tmp_path):
    # a folder named like console markup ('[/b]'): import and attachment wrote their file
    # and then ended in an internal error (exit 3); export had the same bug
    folder = tmp_path / "a["
    folder.mkdir()
    workbook = folder / "b].xlsx"
    kemi = EXAMPLES / "kemi-kestava-kasvu.toml"
    written = [
        (["export", kemi, "-o", workbook], workbook),
        (["import", workbook, "-o", folder / "b].toml"], folder / "b].toml"),
        (["attachment", kemi, "-m", "Kemi", "-o", folder / "b].md"], folder / "b].md"),
    ]
    for args, path in written:
        res = runner.invoke(app, [str(a) for a in args])
        assert res.exit_code == 0, res.output
        assert str(path) in res.output.splitlines() and path.is_file()
