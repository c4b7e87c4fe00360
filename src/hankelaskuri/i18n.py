"""Message catalogues and number/date formatting in Finnish (default), Swedish and English.

Every text a person reads is in one catalogue per language,
``locale/<lang>/LC_MESSAGES/hankelaskuri.po``, keyed by a namespaced id (``label.total``,
``msg.unknown_key``, ``hint.did_you_mean``, ``cli.budget.help``, ``excel.sheet.summary``,
``attachment.title``). The ``.po`` files are the source; Babel compiles them
(``pybabel compile -d src/hankelaskuri/locale -D hankelaskuri``) and checks them in the
tests; at run time the standard library's :mod:`gettext` reads the compiled ``.mo`` file,
which costs a fraction of a millisecond and imports nothing heavy. Money is formatted the
Finnish way (``1 234 567,89 €``) in Finnish and Swedish, and ``€1,234,567.89`` in English;
dates as ``1.10.2024`` (fi, sv) or ``2024-10-01`` (en).
"""

from __future__ import annotations

import gettext
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

LANGS = ("fi", "sv", "en")
DOMAIN = "hankelaskuri"
LOCALE_DIR = Path(__file__).parent / "locale"

_catalogues: dict[str, gettext.GNUTranslations] = {}


def catalogue(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``lang`` (Finnish for an unknown language), read once."""
    lang = lang if lang in LANGS else "fi"
    found = _catalogues.get(lang)
    if found is None:
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        with path.open("rb") as fh:
            found = _catalogues[lang] = gettext.GNUTranslations(fh)
    return found


def t(key: str, lang: str = "fi", /, **params: object) -> str:
    """The text ``key`` (a namespaced id such as ``label.total``) in ``lang``, its
    ``{placeholders}`` filled in. An unknown key comes back as itself."""
    text = catalogue(lang).gettext(key)
    return _fill(text, params) if params else text


def tn(key: str, n: int, lang: str = "fi", /, **params: object) -> str:
    """A text whose form depends on the count ``n`` (*1 tiedosto, 2 tiedostoa*); ``{n}``
    is filled in with the count."""
    return _fill(catalogue(lang).ngettext(key, key, n), {"n": n, **params})


def has(key: str, lang: str = "fi") -> bool:
    return catalogue(lang).gettext(key) != key


def label(code: str, lang: str = "fi") -> str:
    """A label (``label.<code>``) in ``lang``; the code itself if unknown."""
    text = t(f"label.{code}", lang)
    return code if text == f"label.{code}" else text


def rule_source(key: str, default: bool, lang: str = "fi") -> str:
    """Where a rule value used in a text comes from, in the reader's words: its key in the
    rules listing (``hanke rules``, which shows the source as the rules file gives it), or
    that no rules file gives it and the calculator's default is used."""
    return t("label.rule_default", lang) if default else t("label.rule_source", lang, key=key)


def rule_text(text: str, lang: str = "fi") -> str:
    """A rules file's ``source`` or ``note`` in the reader's words: the bundled rules are
    written in English and their Finnish and Swedish wording is in the catalogue (context
    ``rule``, the English text as the id, a ``%`` written ``%%`` as in every catalogue text
    read as a format). A text the catalogue does not have (a user's own rules folder) comes
    back as written."""
    key = text.replace("%", "%%")
    found = catalogue(lang).pgettext("rule", key)
    return text if found == key else found.replace("%%", "%")


def message(code: str, lang: str = "fi", **params: object) -> str:
    """A finding or problem message (``msg.<code>``) in ``lang``, parameters filled in."""
    text = catalogue(lang).gettext(f"msg.{code}")
    if text == f"msg.{code}":
        text = label(code, lang)
    return _fill(text, params)


def hint(code: str, lang: str = "fi", **params: object) -> str:
    """The hint ``hint.<code>`` in ``lang``; empty if there is none."""
    text = catalogue(lang).gettext(f"hint.{code}")
    return "" if text == f"hint.{code}" else _fill(text, params)


def pick(table: dict[str, tuple[str, str, str]], code: str, lang: str, **params: object) -> str:
    """A text from a renderer's own ``(fi, sv, en)`` table; the shared labels when the
    table does not have it. Kept while renderers move their texts into the catalogue."""
    texts = table.get(code)
    if texts is None:
        return label(code, lang)
    template = texts[LANGS.index(lang) if lang in LANGS else 0]
    return _fill(template, params) if params else template


def _fill(template: str, params: dict[str, object]) -> str:
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def format_number(value: Decimal, places: int = 2, lang: str = "fi") -> str:
    """``1234567.891`` → ``1 234 567,89`` (fi, sv) or ``1,234,567.89`` (en)."""
    q = Decimal(1).scaleb(-places)
    value = Decimal(value).quantize(q, rounding=ROUND_HALF_UP)
    negative = value < 0
    digits = f"{abs(value):f}"
    whole, _, frac = digits.partition(".")
    group = "," if lang == "en" else " "
    point = "." if lang == "en" else ","
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = group.join(groups) + (point + frac if frac else "")
    return ("-" if negative else "") + text


def format_money(value: Decimal, lang: str = "fi") -> str:
    """Money the Finnish way: ``1 234 567,89 €``; English ``€1,234,567.89``."""
    number = format_number(value, 2, lang)
    if lang == "en":
        return "-€" + number[1:] if number.startswith("-") else "€" + number
    return f"{number} €"


def format_percent(value: Decimal, lang: str = "fi", places: int = 2) -> str:
    """A fraction as percent: ``0.8`` → ``80,00 %``."""
    return f"{format_number(Decimal(value) * 100, places, lang)} %"


def format_date(value: date, lang: str = "fi") -> str:
    """``1.10.2024`` (fi, sv) or ``2024-10-01`` (en)."""
    if lang == "en":
        return value.isoformat()
    return f"{value.day}.{value.month}.{value.year}"
