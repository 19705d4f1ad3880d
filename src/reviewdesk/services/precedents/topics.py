"""Topic labels for staff comments by transparent keyword rules, for measuring precedents.

A comment's topic is the first topic, in the order below, one of whose patterns matches its
caption (heading); failing that, the topic whose patterns match its text most often, when
that is at least twice and more than any other topic. Anything else stays unlabelled. The
rules are deliberately plain so a reader can check every label (see topic_labels.csv)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from reviewdesk.services.precedents.tokens import normal_text

TOPIC_RULES: dict[str, tuple[str, ...]] = {
    "non_gaap": (
        r"non-?gaap",
        r"adjusted ebitda",
        r"free cash flow",
        r"item 10\(e\)",
        r"regulation g\b",
    ),
    "executive_compensation": (
        r"executive compensation",
        r"pay versus performance",
        r"compensation discussion",
        r"named executive officers?",
        r"summary compensation table",
        r"item 402",
        r"clawback",
    ),
    "climate": (r"climate", r"greenhouse", r"carbon", r"emissions"),
    "cybersecurity": (r"cyber", r"information security", r"data breach", r"item 1c\b"),
    "china_based_issuers": (
        r"\bprc\b",
        r"\bchina\b",
        r"chinese",
        r"hong kong",
        r"holding foreign companies accountable",
    ),
    "russia_ukraine": (r"russia", r"ukraine", r"belarus"),
    "merger_background_fairness": (
        r"background of the",
        r"fairness opinion",
        r"opinion of .{0,60}financial advisor",
        r"financial advisors?",
        r"reasons for the (merger|mergers|transaction|combination|offer)",
        r"projections",
        r"prospective financial information",
    ),
    "pro_forma": (r"pro forma",),
    "critical_accounting_estimates": (r"critical accounting (estimates?|polic(y|ies))",),
    "revenue_recognition": (
        r"revenue recognition",
        r"\brevenues?\b",
        r"recogni[sz](e|es|ed|ing) revenues?",
        r"(asc|topic) 606",
        r"performance obligations?",
        r"principal (versus|vs\.?|or) agent",
        r"gross (versus|vs\.?|or) net",
    ),
    "segments": (
        r"segment",
        r"(asc|topic) 280",
        r"chief operating decision maker",
        r"\bcodm\b",
    ),
    "goodwill_impairment": (
        r"goodwill",
        r"impairment",
        r"impaired",
        r"reporting units?",
        r"(asc|topic) 350",
    ),
    "income_taxes": (
        r"income tax",
        r"valuation allowance",
        r"deferred tax",
        r"effective tax rate",
        r"tax (opinion|consequences)",
    ),
    "loss_contingencies": (
        r"contingenc",
        r"(asc|topic) 450",
        r"litigation",
        r"legal proceedings",
        r"reasonably possible",
    ),
    "insurance_loss_reserves": (
        r"loss development",
        r"reserves? for (losses|loss)",
        r"loss adjustment expense",
        r"\bibnr\b",
    ),
    "oil_gas_reserves": (
        r"proved (undeveloped )?reserves",
        r"\bpuds?\b",
        r"reserve (estimates|report)",
    ),
    "auditor_report": (r"independent registered public accounting firm", r"audit report"),
    "exhibits_legal_opinions": (
        r"^exhibits?$",
        r"exhibit index",
        r"legal(ity)? opinion",
        r"opinion of counsel",
        r"exhibit 5\.1",
        r"item 601",
        r"file .{0,60} as an exhibit",
    ),
    "liquidity": (
        r"liquidity",
        r"capital resources",
        r"cash flows? (from|provided by|used in) operating",
        r"operating cash flows?",
        r"working capital",
        r"covenants?",
    ),
    "risk_factors": (r"risk factors?",),
    "results_of_operations": (
        r"results of operations",
        r"management.s discussion",
        r"\bmd&a\b",
        r"known trends?",
        r"period[- ]to[- ]period",
    ),
}
"""Topic -> its patterns, matched against the normalised caption and text (order matters
for captions: the first topic that matches wins, so specific topics come first)."""

_COMPILED = {
    topic: tuple(re.compile(p) for p in patterns) for topic, patterns in TOPIC_RULES.items()
}
MIN_TEXT_HITS = 2


@dataclass(frozen=True, slots=True)
class TopicLabel:
    """A comment's topic, where it came from ('heading' or 'text') and what matched."""

    topic: str
    source: str
    matched: str


def heading_topic(heading: str | None) -> TopicLabel | None:
    """The first topic whose pattern matches the caption, if any."""
    if not heading:
        return None
    folded = normal_text(heading).strip()
    for topic, patterns in _COMPILED.items():
        for pattern in patterns:
            if pattern.search(folded):
                return TopicLabel(topic, "heading", pattern.pattern)
    return None


def text_topic(text: str) -> TopicLabel | None:
    """The topic whose patterns match the text most often (at least twice, and more than any
    other topic), if any."""
    folded = normal_text(text)
    hits: Counter[str] = Counter()
    which: dict[str, list[str]] = {}
    for topic, patterns in _COMPILED.items():
        for pattern in patterns:
            found = len(pattern.findall(folded))
            if found:
                hits[topic] += found
                which.setdefault(topic, []).append(pattern.pattern)
    ranked = hits.most_common(2)
    if not ranked:
        return None
    best, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if count < MIN_TEXT_HITS or count == runner_up:
        return None
    return TopicLabel(best, "text", f"{count} matches of " + " | ".join(which[best]))


def topic_of(heading: str | None, text: str) -> TopicLabel | None:
    """A comment's topic by the rules: its caption first, then its text."""
    return heading_topic(heading) or text_topic(text)
