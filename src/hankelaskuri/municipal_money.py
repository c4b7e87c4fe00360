"""Municipal money by role: every municipality's commitment to a project, per year.

A municipality's money enters a project in two ways, the way the national funding-plan
forms count it:

- as an **implementer** (a partner with ``organisation = "municipality"``): the partner's
  own funding (*omarahoitus*). EURA 2021 lists the beneficiary's own funding as its own row,
  apart from the municipal, other public and private funding collected from others
  (rakennerahastot.fi, *Hankkeen rahoitus*), so the funding plan keeps it in the ``own`` row;
  this module is what makes it that municipality's money;
- as a **co-financier** (a member of ``[municipal]``): its share of the municipal funding
  (*kuntarahoitus*) by the key.

A municipality may be both. Leader's municipal part (20 % of the public funding) is committed
by the municipalities to the Leader group for the whole period, not to a project, so it is no
project commitment here (DOMAIN 8.2). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType

from . import municipalities as muni
from .models import ProjectFile
from .result import Decision, MunicipalMoney, MunicipalRole, MunicipalShare, PartnerFunding

ZERO = Decimal(0)

SplitYears = Callable[
    [Mapping[str, Decimal], Mapping[int, Decimal]], Mapping[str, Mapping[int, Decimal]]
]


def own_by_year(pf: PartnerFunding, split: SplitYears, years: Sequence[int]) -> dict[int, Decimal]:
    """An implementer's own funding per year: its funding plan split over its net cost per
    year by the same method as the project's funding plan."""
    net = {y: pf.net_by_year.get(y, ZERO) for y in years}
    table = split(pf.rows, net)
    return {y: table["own"].get(y, ZERO) for y in years}


def by_role(
    project: ProjectFile,
    partner_funding: Sequence[PartnerFunding],
    shares: Sequence[MunicipalShare],
    years: Sequence[int],
    split: SplitYears,
) -> tuple[MunicipalMoney, ...]:
    """Every municipality with a role, implementers first (in partner order), then the
    co-financiers (in member order); a municipality in both keeps one record."""
    roles: dict[str, list[MunicipalRole]] = {}
    found: dict[str, muni.Municipality] = {}
    funding = {pf.partner: pf for pf in partner_funding}
    for partner in project.partners:
        if partner.organisation != "municipality" or not partner.municipality:
            continue
        m = muni.find(partner.municipality)
        if m is None:  # the loader reports it
            continue
        pf = funding.get(partner.id)
        if pf is None:  # its budget is not in this file: its money is not known here
            continue
        per_year = own_by_year(pf, split, years)
        amount = pf.rows.get("own", ZERO)
        found[m.code] = m
        known = roles.setdefault(m.code, [])
        known_before = bool(known)
        if known:  # two partners of one municipality (e.g. two of its departments): one role
            first = known[0]
            amount += first.amount
            per_year = {y: per_year[y] + first.by_year.get(y, ZERO) for y in years}
            known.clear()
        partner_id = None if known_before else partner.id  # None: several of its partners
        known.append(MunicipalRole("implementer", amount, _frozen(per_year), partner_id))
    for share in shares:
        m = muni.find(share.code)
        if m is None:
            continue
        found[m.code] = m
        per_year = {y: share.by_year.get(y, ZERO) for y in years}
        roles.setdefault(m.code, []).append(
            MunicipalRole("co_financier", share.amount, _frozen(per_year))
        )
    decisions = _decisions(project)
    out = []
    for code, rs in roles.items():
        m = found[code]
        total = sum((r.amount for r in rs), ZERO)
        per_year = {y: sum((r.by_year.get(y, ZERO) for r in rs), ZERO) for y in years}
        out.append(
            MunicipalMoney(
                m.code,
                m.name_fi,
                m.name_sv,
                m.language,
                m.form,
                tuple(rs),
                total,
                _frozen(per_year),
                decisions.get(code, Decision()),
            )
        )
    return tuple(out)


def _decisions(project: ProjectFile) -> dict[str, Decision]:
    out = {}
    for d in project.decisions:
        m = muni.find(d.municipality)
        if m is not None:
            out[m.code] = Decision(
                d.body,
                d.meeting,
                d.section,
                d.case_number,
                d.preparer,
                d.preparer_title,
                d.attachment,
                d.budget_item,
            )
    return out


def _frozen(mapping: Mapping[int, Decimal]) -> Mapping[int, Decimal]:
    return MappingProxyType(dict(mapping))
