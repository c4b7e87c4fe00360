"""The result as JSON: amounts as decimal strings with two decimals, rates as fractions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ..result import FUNDING_ROWS, Result


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _years(mapping: Mapping[int, Decimal]) -> dict[str, str]:
    return {str(y): _money(v) for y, v in mapping.items()}


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_dict(result: Result, lang: str = "fi") -> dict[str, Any]:
    """A plain, JSON-ready view of the result."""
    r = result
    funding: dict[str, Any] = {
        k: _money(r.funding[k]) for k in (*FUNDING_ROWS, "eu", "state", "support_municipal")
    }
    funding["total"] = _money(r.funding_total)
    funding["by_year"] = {k: _years(r.funding_by_year[k]) for k in FUNDING_ROWS}
    funding["shares"] = {k: str(r.funding_share(k)) for k in FUNDING_ROWS}
    return {
        "project": {
            "name": r.name,
            "case_number": r.case_number,
            "project_number": r.project_number,
            "start": _date(r.start),
            "end": _date(r.end),
            "authority": r.authority,
            "programme": r.programme_id,
            "programme_name": r.programme_name[lang],
            "measure": r.measure_id,
            "measure_name": r.measure_name[lang],
            "cost_model": r.cost_model_id,
            "cost_model_name": r.cost_model_name[lang],
            "cost_options": [
                {"id": o, "name": r.cost_option_names[o][lang]} for o in r.cost_options
            ],
            "partners": [
                {
                    "id": p.id,
                    "name": p.name,
                    "role": p.role,
                    "business_id": p.business_id,
                    "costs_included": p.costs_included,
                }
                for p in r.partners
            ],
        },
        "years": list(r.years),
        "total_cost": _money(r.total_cost),
        "income": _money(r.income),
        "net_cost": _money(r.net_cost),
        "costs": {
            "by_category": {c: _money(v) for c, v in r.by_category.items()},
            "by_year": _years(r.by_year),
            "by_partner": {p: _money(v) for p, v in r.by_partner.items()},
            "by_category_year": {c: _years(v) for c, v in r.by_category_year.items()},
            "flat_rates": [
                {
                    "partner": f.partner,
                    "option": f.option,
                    "rate": str(f.rate),
                    "base_categories": list(f.base_categories),
                    "category": f.target,
                    "base": _money(f.base),
                    "amount": _money(f.amount),
                    "by_year": _years(f.by_year),
                }
                for f in r.flat_rates
            ],
            "unit_costs": [
                {
                    "partner": u.partner,
                    "option": u.option,
                    "category": u.category,
                    "unit_rate": _money(u.unit_rate),
                    "quantity": str(u.quantity) if u.quantity is not None else None,
                    "quantity_by_year": {str(y): str(q) for y, q in u.quantity_by_year.items()}
                    if u.quantity_by_year is not None
                    else None,
                    "total": _money(u.total),
                    "by_year": _years(u.by_year),
                }
                for u in r.unit_costs
            ],
            "staff": [
                {
                    "partner": s.partner,
                    "title": s.title,
                    "form": s.form,
                    "fte": str(s.fte) if s.fte is not None else None,
                    "months": str(s.months) if s.months is not None else None,
                    "monthly_pay": _money(s.monthly_pay) if s.monthly_pay is not None else None,
                    "on_cost_rate": str(s.on_cost_rate) if s.on_cost_rate is not None else None,
                    "hourly_rate": _money(s.hourly_rate) if s.hourly_rate is not None else None,
                    "hours": str(s.hours) if s.hours is not None else None,
                    "total": _money(s.total),
                    "by_year": _years(s.by_year),
                }
                for s in r.staff
            ],
        },
        "funding": funding,
        "support_rate": str(r.support_rate),
        "partners": [
            {
                "partner": pf.partner,
                "total_cost": _money(pf.total_cost),
                "income": _money(pf.income),
                "net_cost": _money(pf.net_cost),
                "support_rate": str(pf.support_rate),
                "funding": {k: _money(v) for k, v in pf.rows.items()},
            }
            for pf in r.partner_funding
        ],
        "municipal_key": r.municipal_key,
        "municipal_shares": [
            {
                "municipality": m.name(lang),
                "code": m.code,
                "population": m.population,
                "population_date": _date(m.population_date),
                "weight": str(m.weight.quantize(Decimal("0.000001"))),
                "amount": _money(m.amount),
                "by_year": _years(m.by_year),
            }
            for m in r.municipal_shares
        ],
        "municipalities": [
            {
                "municipality": m.name(lang),
                "code": m.code,
                "form": m.form,
                "amount": _money(m.amount),
                "by_year": _years(m.by_year),
                "roles": [
                    {
                        "role": role.role,
                        "partner": role.partner,
                        "amount": _money(role.amount),
                        "by_year": _years(role.by_year),
                    }
                    for role in m.roles
                ],
            }
            for m in r.municipalities
        ],
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "message": f.message(lang),
                "key": f.key,
                "line": f.line,
            }
            for f in r.findings
        ],
        "rules_used": [
            {
                "name": u.name,
                "value": u.value,
                "since": _date(u.since),
                "source": u.source,
                "status": u.status,
            }
            for u in r.rules_used
        ],
    }


def dumps(result: Result, lang: str = "fi") -> str:
    return json.dumps(to_dict(result, lang), ensure_ascii=False, indent=2)
