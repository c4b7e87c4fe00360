"""Renderers: each reads a :class:`~hankelaskuri.result.Result` and computes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import format_date

if TYPE_CHECKING:
    from ..result import Result


def project_facts(result: Result, lang: str = "fi") -> list[tuple[str, str]]:
    """The project's facts that every document shows, as (label code, text), in order."""
    r = result
    rows = [
        ("case_number", r.case_number),
        ("project_number", r.project_number),
        ("programme", r.programme_name[lang]),
        ("measure", r.measure_name[lang]),
        ("authority", r.authority),
        ("period", f"{format_date(r.start, lang)}–{format_date(r.end, lang)}"),
        ("cost_model", r.cost_model_name[lang]),
        (
            "other_cost_options",
            "; ".join(r.cost_option_names[o][lang] for o in r.cost_options[1:]),
        ),
    ]
    return [(key, value) for key, value in rows if value]
