"""The product's own codes (shared/eval/TOPICS.md): topics with their trend-table group, asks
and answer classes."""

from __future__ import annotations

TOPIC_GROUPS: dict[str, str] = {
    "revenue": "accounting",
    "non_gaap": "non-GAAP",
    "segments": "accounting",
    "goodwill_impairment": "accounting",
    "income_taxes": "accounting",
    "fair_value": "accounting",
    "financial_instruments": "accounting",
    "business_combinations": "accounting",
    "consolidation": "accounting",
    "contingencies": "accounting",
    "leases": "accounting",
    "stock_compensation": "accounting",
    "other_accounting": "accounting",
    "mdna_results": "MD&A",
    "liquidity": "MD&A",
    "critical_estimates": "MD&A",
    "metrics": "MD&A",
    "risk_factors": "disclosure",
    "business": "disclosure",
    "executive_compensation": "disclosure",
    "governance_proxy": "disclosure",
    "controls_audit": "disclosure",
    "exhibits": "filing",
    "form_compliance": "filing",
    "offering": "transactions",
    "mergers_tender": "transactions",
    "spac": "emerging",
    "china": "emerging",
    "crypto": "emerging",
    "climate": "emerging",
    "cybersecurity": "emerging",
    "geopolitical": "emerging",
    "industry_energy_mining": "industry",
    "industry_financial": "industry",
    "other": "other",
}
"""Topic code -> the group published trend tables count it under."""

TOPICS: tuple[str, ...] = tuple(TOPIC_GROUPS)
ASKS: tuple[str, ...] = ("revise", "future", "explain", "supplemental", "file", "confirm", "none")
ANSWERS: tuple[str, ...] = (
    "revised",
    "will_revise",
    "explained",
    "supplemental",
    "confirmed",
    "declined",
)
