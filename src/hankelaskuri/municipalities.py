"""Finland's municipalities: code, Finnish and Swedish name, region, population, language.

The data is bundled with the package (``data/municipalities.csv``, provenance in
``data/municipalities.SOURCE.md``): population at 31.12.2022 from Statistics Finland via
THL Sotkanet, names and official languages from Statistics Finland's classifications, and
the municipal form (town or municipality) from the population register's municipality list.
"""

from __future__ import annotations

import csv
import difflib
from datetime import date
from functools import cache
from pathlib import Path

from .records import Record

DATA = Path(__file__).parent / "data" / "municipalities.csv"
# the populations' source is named in the reader's language by the catalogue label
# population_source_statistics (Tilastokeskus / THL Sotkanet, indikaattori 127)


def local_name(name_fi: str, name_sv: str, language: str, lang: str) -> str:
    """A municipality's name for a reader of ``lang``: its Swedish name in Swedish, its
    Finnish name in Finnish, and in any other language the name in the municipality's own
    majority language (Närpes, Pargas and Kristinestad; Helsinki and Vaasa), as English
    texts name them."""
    if lang == "sv" or (lang != "fi" and language.startswith("sv")):
        return name_sv
    return name_fi


class Municipality(Record):
    """A municipality as the bundled data gives it."""

    code: str
    name_fi: str
    name_sv: str
    region: str
    population: int
    population_date: date
    language: str  # fi, sv, fi-sv (bilingual, Finnish majority), sv-fi
    form: str = "kunta"  # kaupunki (a town) or kunta

    def name(self, lang: str = "fi") -> str:
        return local_name(self.name_fi, self.name_sv, self.language, lang)

    @property
    def default_lang(self) -> str:
        """The municipality's own language for documents: Swedish where Swedish is first."""
        return document_lang(self.language)

    @property
    def is_town(self) -> bool:
        return self.form == "kaupunki"

    def board(self, lang: str = "fi") -> str:
        """The executive board that decides: a town's *kaupunginhallitus*, else
        *kunnanhallitus* (Swedish *stadsstyrelsen* / *kommunstyrelsen*)."""
        return board(self.form, lang)


def board(form: str, lang: str = "fi") -> str:
    from .i18n import t

    return t("attachment.body_town" if form == "kaupunki" else "attachment.body", lang)


def document_lang(language: str) -> str:
    """The document language for a municipality's official ``language`` (``fi``, ``sv``,
    ``fi-sv``, ``sv-fi``): Swedish where Swedish is first, else Finnish."""
    return "sv" if language in ("sv", "sv-fi") else "fi"


@cache
def _table() -> tuple[dict[str, Municipality], dict[str, Municipality]]:
    by_code: dict[str, Municipality] = {}
    by_name: dict[str, Municipality] = {}
    with DATA.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            m = Municipality(
                code=row["code"],
                name_fi=row["name_fi"],
                name_sv=row["name_sv"],
                region=row["region_fi"],
                population=int(row["population"]),
                population_date=date.fromisoformat(row["population_date"]),
                language=row["language"],
                form=row["form"],
            )
            by_code[m.code] = m
            by_name.setdefault(m.name_fi.casefold(), m)
            by_name.setdefault(m.name_sv.casefold(), m)
    return by_code, by_name


def find(name_or_code: str) -> Municipality | None:
    """Look up by code (``91`` or ``091``), Finnish or Swedish name, any letter case."""
    by_code, by_name = _table()
    text = name_or_code.strip()
    if text.isdigit():
        return by_code.get(text.zfill(3))
    return by_name.get(text.casefold())


def suggest(name: str) -> str | None:
    """The closest known municipality name, for a 'did you mean' hint."""
    _, by_name = _table()
    names = sorted({m.name_fi for m in by_name.values()} | {m.name_sv for m in by_name.values()})
    close = difflib.get_close_matches(name.strip(), names, n=1, cutoff=0.6)
    return close[0] if close else None


@cache
def _merged() -> dict[str, tuple[str, int]]:
    with (DATA.parent / "merged.csv").open(encoding="utf-8", newline="") as fh:
        return {
            r["name"].casefold(): (r["merged_into"], int(r["year"])) for r in csv.DictReader(fh)
        }


def merged(name: str) -> tuple[str, int] | None:
    """A former municipality's successor and the year of the merger (``Jalasjärvi`` →
    ``("Kurikka", 2016)``), None for a name that was never merged away."""
    return _merged().get(name.strip().casefold())


def regions() -> list[str]:
    by_code, _ = _table()
    return sorted({m.region for m in by_code.values()})


def all_municipalities() -> list[Municipality]:
    by_code, _ = _table()
    return list(by_code.values())
