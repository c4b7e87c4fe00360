"""``hanke schema``: the JSON Schema editors read for completion and hover help speaks the
chosen language. Every table and key a user writes has a title and a description from the
catalogue in fi, sv and en; the structure (types, enums, bounds, additionalProperties) is
pydantic's, unchanged."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from hankelaskuri import i18n, models
from hankelaskuri.cli import app
from hankelaskuri.models import ProjectFile
from hankelaskuri.schema import project_schema

from .conftest import ROOT

runner = CliRunner()
MODELS = [
    m
    for m in vars(models).values()
    if isinstance(m, type) and issubclass(m, models._Model) and not m.__name__.startswith("_")
]
LANGS = ("fi", "sv", "en")
SCHEMAS = {lang: json.loads(project_schema(lang)) for lang in LANGS}


def without_texts(node, in_properties=False):
    """The schema with every title and description left out (a key named ``title`` or
    ``description`` in a table's properties stays)."""
    if isinstance(node, dict):
        if in_properties:
            return {k: without_texts(v) for k, v in node.items()}
        return {
            k: without_texts(v, k == "properties")
            for k, v in node.items()
            if k not in ("title", "description")
        }
    if isinstance(node, list):
        return [without_texts(v) for v in node]
    return node


def described(schema):
    """(place, node) for the file itself, every table and every key of a table."""
    for name, node in [("(file)", schema), *schema["$defs"].items()]:
        yield name, node
        for key, prop in node.get("properties", {}).items():
            yield f"{name}.{key}", prop


def texts(schema):
    return {
        (place, field): node[field]
        for place, node in described(schema)
        for field in ("title", "description")
    }


@pytest.mark.parametrize("lang", LANGS)
def test_structure_is_pydantics(lang):
    expected = ProjectFile.model_json_schema()
    expected["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    assert without_texts(SCHEMAS[lang]) == without_texts(expected)


def test_every_table_and_key_has_a_title_and_a_description():
    pydantic_titles = {node.get("title") for _, node in described(ProjectFile.model_json_schema())}
    for lang, schema in SCHEMAS.items():
        places = [place for place, _ in described(schema)]
        # every model of the file format and every field of each, as pydantic knows them
        assert len(places) == sum(1 + len(m.model_fields) for m in MODELS), len(places)
        for (place, field), text in texts(schema).items():
            assert isinstance(text, str) and text.strip(), (lang, place, field)
            assert not text.startswith("schema."), (lang, place, field, text)
            if lang != "en":  # pydantic's automatic titles are English ("Claim Months")
                assert text not in pydantic_titles, (lang, place, field, text)
            # plain text: no reST or Markdown markup for an editor to show as is
            assert not re.search(r"[`*]|:\w+:", text), (lang, place, field, text)


def test_finnish_and_swedish_are_not_english():
    en = texts(SCHEMAS["en"])
    for lang in ("fi", "sv"):
        for place, text in texts(SCHEMAS[lang]).items():
            assert text != en[place], (lang, place, text)


def test_words_are_the_programs_own():
    """Titles use the glossary's and the catalogue's terms (GLOSSARY.md: Y-tunnus /
    FO-nummer / business ID; päätoteuttaja / huvudgenomförare)."""
    fi, sv, en = (dict(texts(SCHEMAS[lang])) for lang in LANGS)
    title = ("CashFlowSettings.claim_months", "title")
    assert fi[title] == "Maksatushakemuksen jakso (kk)"
    business_id = ("Partner.business_id", "title")
    assert (fi[business_id], sv[business_id], en[business_id]) == (
        "Y-tunnus",
        "FO-nummer",
        "Business ID",
    )
    for lang, label in (("fi", "Kustannuslaji"), ("sv", "Kostnadsslag"), ("en", "Category")):
        assert dict(texts(SCHEMAS[lang]))[("CostLine.category", "title")] == label
        assert i18n.label("category", lang) == label
    role = ("Partner.role", "description")
    assert "päätoteuttaja" in fi[role] and "huvudgenomförare" in sv[role]
    # a key whose value is one table has that table's texts
    assert fi[("(file).project", "title")] == fi[("ProjectInfo", "title")] == "Hanke"
    assert (
        sv[("CashFlowSettings.contributions", "description")]
        == sv[("Contributions", "description")]
    )


def test_every_schema_text_in_the_catalogue_is_used():
    """No stale or doubled entry: each title + description pair of the catalogue's
    ``schema.*`` namespace is shown somewhere, and no two entries say the same."""
    for lang, schema in SCHEMAS.items():
        cat = i18n.catalogue(lang)._catalog
        keys = [k for k in cat if isinstance(k, str) and k.startswith("schema.")]
        pairs = [(cat[k], cat[f"{k}.help"]) for k in keys if not k.endswith(".help")]
        assert len(keys) == 2 * len(pairs)
        assert len(set(pairs)) == len(pairs), lang
        shown = {(node["title"], node["description"]) for _, node in described(schema)}
        assert set(pairs) <= shown, (lang, set(pairs) - shown)


def test_schema_is_valid_and_the_examples_validate_in_every_language():
    import tomllib

    jsonschema = pytest.importorskip("jsonschema")
    for schema in SCHEMAS.values():
        jsonschema.Draft202012Validator.check_schema(schema)
        for path in (ROOT / "examples").glob("*.toml"):
            data = json.loads(json.dumps(tomllib.loads(path.read_text("utf-8")), default=str))
            jsonschema.validate(data, schema)


def test_committed_schema_is_the_finnish_one():
    committed = json.loads((ROOT / "docs/project.schema.json").read_text(encoding="utf-8"))
    assert texts(committed) == texts(SCHEMAS["fi"]), "run: hanke schema > docs/project.schema.json"


@pytest.mark.parametrize(
    ("args", "env", "lang"),
    [
        (["schema", "--lang", "sv"], {}, "sv"),
        (["schema", "-l", "en"], {}, "en"),
        (["--lang", "en", "schema"], {}, "en"),
        (["schema"], {"HANKE_LANG": "sv"}, "sv"),
        (["schema"], {"HANKE_LANG": ""}, "fi"),
    ],
)
def test_language_of_the_command(args, env, lang):
    res = runner.invoke(app, args, env={"HANKE_LANG": "fi", "LANG": "C.UTF-8", **env})
    assert res.exit_code == 0, res.output
    schema = json.loads(res.output)
    assert (
        schema["title"] == {"fi": "Hanketiedosto", "sv": "Projektfil", "en": "Project file"}[lang]
    )
    assert texts(schema) == texts(SCHEMAS[lang])
