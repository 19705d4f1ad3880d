"""The product's own label vocabulary (shared/eval/TOPICS.md): 35 topic codes in their trend
groups, 7 ask codes and 6 answer codes, each with the words the desk shows for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Facet = Literal["topic", "ask", "answer"]


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic code, the group published trend tables count it in, and its readable name."""

    code: str
    group: str
    label: str


TOPICS: dict[str, Topic] = {
    t.code: t
    for t in (
        Topic("revenue", "accounting", "Revenue recognition"),
        Topic("non_gaap", "non-GAAP", "Non-GAAP measures"),
        Topic("segments", "accounting", "Segment reporting"),
        Topic("goodwill_impairment", "accounting", "Goodwill, intangibles and impairment"),
        Topic("income_taxes", "accounting", "Income taxes"),
        Topic("fair_value", "accounting", "Fair value"),
        Topic("financial_instruments", "accounting", "Debt, derivatives and instruments"),
        Topic("business_combinations", "accounting", "Acquisitions and dispositions"),
        Topic("consolidation", "accounting", "Consolidation, VIEs and equity method"),
        Topic("contingencies", "accounting", "Contingencies and litigation"),
        Topic("leases", "accounting", "Leases"),
        Topic("stock_compensation", "accounting", "Stock compensation"),
        Topic("other_accounting", "accounting", "Other accounting and presentation"),
        Topic("mdna_results", "MD&A", "MD&A: results of operations"),
        Topic("liquidity", "MD&A", "Liquidity and capital resources"),
        Topic("critical_estimates", "MD&A", "Critical accounting estimates"),
        Topic("metrics", "MD&A", "Key performance indicators"),
        Topic("risk_factors", "disclosure", "Risk factors"),
        Topic("business", "disclosure", "Business and properties"),
        Topic("executive_compensation", "disclosure", "Executive compensation"),
        Topic("governance_proxy", "disclosure", "Governance and proxy matters"),
        Topic("controls_audit", "disclosure", "Controls and audit"),
        Topic("exhibits", "filing", "Exhibits"),
        Topic("form_compliance", "filing", "Form requirements"),
        Topic("offering", "transactions", "Offering disclosure"),
        Topic("mergers_tender", "transactions", "Mergers and tender offers"),
        Topic("spac", "emerging", "SPACs"),
        Topic("china", "emerging", "China-based issuers"),
        Topic("crypto", "emerging", "Crypto assets"),
        Topic("climate", "emerging", "Climate"),
        Topic("cybersecurity", "emerging", "Cybersecurity"),
        Topic("geopolitical", "emerging", "Geopolitical and macroeconomic"),
        Topic("industry_energy_mining", "industry", "Oil, gas and mining"),
        Topic("industry_financial", "industry", "Banks, insurers, REITs and funds"),
        Topic("other", "other", "Other"),
    )
}
"""Every topic code, in the order of TOPICS.md."""

GROUPS: tuple[str, ...] = tuple(dict.fromkeys(t.group for t in TOPICS.values()))
"""The trend groups, in the order they first appear."""

ASKS: dict[str, str] = {
    "revise": "Revise the filing",
    "future": "Change future filings",
    "explain": "Explain to the staff",
    "supplemental": "Provide supplementally",
    "file": "File a document",
    "confirm": "Confirm",
    "none": "No action",
}
"""What a comment asks the company to do."""

ANSWERS: dict[str, str] = {
    "revised": "Revised",
    "will_revise": "Will revise in future filings",
    "explained": "Explained",
    "supplemental": "Provided supplementally",
    "confirmed": "Confirmed",
    "declined": "Declined",
}
"""How the company answered a comment."""

CODES: dict[Facet, tuple[str, ...]] = {
    "topic": tuple(TOPICS),
    "ask": tuple(ASKS),
    "answer": tuple(ANSWERS),
}
"""The codes each correctable facet allows."""

MOST: dict[Facet, int] = {"topic": 3, "ask": len(ASKS), "answer": len(ANSWERS)}
"""How many codes one comment or answer may carry per facet."""


def label(facet: Facet, code: str) -> str:
    """The readable name of a code (the code itself when the vocabulary does not know it)."""
    if facet == "topic":
        topic = TOPICS.get(code)
        return topic.label if topic else code
    return (ASKS if facet == "ask" else ANSWERS).get(code, code)


def topics_in_group(group: str) -> tuple[str, ...]:
    """The topic codes counted in a trend group (case-insensitive; empty when unknown)."""
    wanted = group.casefold()
    return tuple(t.code for t in TOPICS.values() if t.group.casefold() == wanted)


def unknown_codes(facet: Facet, codes: list[str]) -> list[str]:
    """The codes of `codes` the vocabulary does not know for `facet`."""
    return [code for code in codes if code not in CODES[facet]]
