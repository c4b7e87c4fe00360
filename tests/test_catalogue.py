"""The message catalogues: one per language, the same keys and placeholders in each, plural
forms as the language's rules (CLDR, through Babel) say, and the compiled ``.mo`` files
current with their ``.po`` sources."""

from __future__ import annotations

import gettext
import re
import string
from pathlib import Path

import pytest

babel = pytest.importorskip("babel")
from babel import Locale  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

from hankelaskuri import i18n  # noqa: E402

SRC = Path(__file__).parent.parent / "src" / "hankelaskuri"
LOCALE = SRC / "locale"


def po(lang):
    with (LOCALE / lang / "LC_MESSAGES" / "hankelaskuri.po").open("rb") as fh:
        return read_po(fh, locale=lang)


CATALOGUES = {lang: po(lang) for lang in i18n.LANGS}


def entries(cat):
    """The texts keyed by id; the rules files' sources and notes (context ``rule``, in the
    Finnish and Swedish catalogues only) are tested in tests/test_rule_texts.py."""
    return {m.id if isinstance(m.id, str) else m.id[0]: m for m in cat if m.id and not m.context}


def compiled_key(message):
    """The key of ``message`` in a compiled catalogue: gettext joins a context to the id."""
    key = message.id if isinstance(message.id, str) else message.id[0]
    return f"{message.context}\x04{key}" if message.context else key


def forms(message):
    return [message.string] if isinstance(message.string, str) else list(message.string)


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_in_every_language():
    keys = {lang: set(entries(cat)) for lang, cat in CATALOGUES.items()}
    assert keys["fi"] == keys["sv"] == keys["en"], {
        lang: sorted(keys[lang] ^ keys["fi"]) for lang in keys
    }
    assert len(keys["fi"]) > 200


def test_every_text_translated_and_placeholders_match():
    fi = entries(CATALOGUES["fi"])
    for lang in ("sv", "en"):
        other = entries(CATALOGUES[lang])
        for key, message in fi.items():
            theirs = other[key]
            assert all(forms(theirs)), f"{lang}: {key} is empty"
            assert all(forms(message)), f"fi: {key} is empty"
            want = set().union(*(placeholders(f) for f in forms(message)))
            for text in forms(theirs):
                assert placeholders(text) == want, f"{lang}: {key}: {text!r} vs {want}"


def test_plural_forms_follow_the_language_rules():
    for lang, cat in CATALOGUES.items():
        # Babel's CLDR data: Finnish, Swedish and English each have two forms (one, other)
        assert cat.num_plurals == len(Locale.parse(lang).plural_form.rules) + 1
        for key, message in entries(cat).items():
            if message.pluralizable:
                assert len(forms(message)) == cat.num_plurals, f"{lang}: {key}"


def test_plurals_read_right():
    assert i18n.tn("check.files_checked", 1, "fi") == "Tarkistettu 1 tiedosto"
    assert i18n.tn("check.files_checked", 2, "fi") == "Tarkistettu 2 tiedostoa"
    assert i18n.tn("check.files_checked", 0, "fi") == "Tarkistettu 0 tiedostoa"
    assert i18n.tn("check.files_checked", 1, "sv") == "Kontrollerade 1 fil"
    assert i18n.tn("check.files_checked", 2, "sv") == "Kontrollerade 2 filer"
    assert i18n.tn("check.files_checked", 1, "en") == "Checked 1 file"
    assert i18n.tn("check.files_checked", 3, "en") == "Checked 3 files"


def test_compiled_catalogues_are_current():
    """The .mo files read at run time say what the .po files say now."""
    for lang, cat in CATALOGUES.items():
        with (LOCALE / lang / "LC_MESSAGES" / "hankelaskuri.mo").open("rb") as fh:
            mo = gettext.GNUTranslations(fh)
        redo = f"{lang}: run  pybabel compile -d src/hankelaskuri/locale -D hankelaskuri"
        compiled = {k for k in mo._catalog if k}  # (msgid, n) for plural forms
        expected = set()
        for message in cat:
            if not message.id:
                continue
            key = compiled_key(message)
            if message.pluralizable:
                for n, text in enumerate(forms(message)):
                    assert mo._catalog.get((key, n)) == text, redo
                    expected.add((key, n))
            else:
                assert mo._catalog.get(key) == message.string, redo
                expected.add(key)
        assert compiled == expected, redo


KEY_CALL = re.compile(r"""\b(?:t|tn|i18n\.t|i18n\.tn)\(\s*f?["']([a-z_]+\.[a-z0-9_.]+)["']""")


def test_every_key_used_in_the_code_exists():
    keys = set(entries(CATALOGUES["fi"]))
    used = set()
    for path in SRC.rglob("*.py"):
        used |= set(KEY_CALL.findall(path.read_text(encoding="utf-8")))
    missing = {k for k in used if k not in keys and not k.endswith(".")}
    assert not missing, sorted(missing)


def test_no_key_means_two_things():
    """One key, one meaning: the municipality's share in an attachment is not the
    own-funding share of a project."""
    fi = entries(CATALOGUES["fi"])
    assert fi["label.own_share"].string == "Omarahoitusosuus"
    assert fi["attachment.municipality_share"].string == "Kunnan osuus"


def test_unknown_key_and_language():
    assert i18n.t("no.such.key", "sv") == "no.such.key"
    assert i18n.t("label.total", "de") == "Yhteensä"
    assert i18n.t("label.total", "sv") == "Totalt"
