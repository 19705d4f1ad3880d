"""Transparent signals of what a comment is about and asks: the cue words of its caption and
text, among them the authorities it cites ("ASC 606", "Item 10(e)", "Rule 3-05", "Item 402").

The same rules serve twice: alone they are the rules method of the comparison (`rule_topics`,
`rule_asks`, `rule_answers`); the words and word pairs they match make the linear model's cue
lexicon (`term_cues`), whose hits are features."""

from __future__ import annotations

import re
from collections import Counter

TOPIC_CUES: dict[str, tuple[str, ...]] = {
    "non_gaap": (
        r"non-?gaap",
        r"adjusted ebitda",
        r"free cash flow",
        r"item 10\(e\)",
        r"regulation g\b",
        r"\badjusted (net|operating|earnings|eps|ebit)",
    ),
    "spac": (
        r"\bspac\b",
        r"special purpose acquisition",
        r"\bsponsor\b",
        r"trust account",
        r"de-spac",
        r"business combination agreement",
    ),
    "china": (
        r"\bprc\b",
        r"\bchina\b",
        r"chinese",
        r"hong kong",
        r"hfcaa",
        r"holding foreign companies accountable",
        r"cyberspace administration",
    ),
    "crypto": (
        r"crypto",
        r"bitcoin",
        r"digital assets?",
        r"\bmining (rigs?|operations)",
        r"blockchain",
        r"\btokens?\b",
    ),
    "climate": (r"climate", r"greenhouse", r"\bcarbon", r"emissions", r"\besg\b"),
    "cybersecurity": (r"cyber", r"item 1c\b", r"information security", r"data breach"),
    "geopolitical": (
        r"russia",
        r"ukraine",
        r"sanction",
        r"\biran\b",
        r"\bsyria",
        r"\bsudan",
        r"north korea",
        r"\bcuba\b",
        r"covid",
        r"pandemic",
        r"inflation",
        r"supply chain",
        r"state sponsors? of terrorism",
    ),
    "executive_compensation": (
        r"executive compensation",
        r"pay versus performance",
        r"compensation discussion",
        r"named executive officers?",
        r"summary compensation table",
        r"item 402",
        r"clawback",
        r"say-on-pay",
        r"director compensation",
    ),
    "governance_proxy": (
        r"\bproxy\b",
        r"\bproposals?\b",
        r"\bvote\b",
        r"authori[sz]ed shares",
        r"certificate of incorporation",
        r"item 40[34]\b",
        r"beneficial owner",
        r"related (person|party) transactions?",
        r"schedule 14a",
        r"\bboard\b",
        r"independen(t|ce) director",
        r"\bbylaws?\b",
        r"stockholder approval",
    ),
    "mergers_tender": (
        r"background of the",
        r"fairness opinion",
        r"financial advisors?",
        r"reasons for the (merger|mergers|transaction|combination|offer)",
        r"projections",
        r"\bmerger\b",
        r"tender offer",
        r"schedule to\b",
        r"13e-3",
        r"interests of .{0,40}(directors|officers)",
        r"appraisal rights",
        r"item 1015",
        r"item 1010",
        r"going private",
    ),
    "revenue": (
        r"\brevenue",
        r"(asc|topic) 60[56]",
        r"performance obligations?",
        r"principal (versus|vs\.?|or) agent",
        r"gross (versus|vs\.?|or) net",
        r"variable consideration",
        r"deferred revenue",
        r"contract (assets|liabilities)",
        r"disaggregat",
    ),
    "segments": (r"segment", r"(asc|topic) 280", r"chief operating decision maker", r"\bcodm\b"),
    "goodwill_impairment": (
        r"goodwill",
        r"impairment",
        r"impaired",
        r"reporting units?",
        r"(asc|topic) 3[56]0",
        r"intangible",
        r"useful li(fe|ves)",
        r"long-lived",
    ),
    "income_taxes": (
        r"income tax",
        r"valuation allowance",
        r"deferred tax",
        r"effective tax rate",
        r"tax (opinion|consequences)",
        r"(asc|topic) 740",
        r"uncertain tax",
    ),
    "fair_value": (r"fair value", r"level 3", r"(asc|topic) 820", r"valuation techniques?"),
    "financial_instruments": (
        r"derivative",
        r"hedg",
        r"convertible",
        r"warrants?",
        r"preferred stock",
        r"(asc|topic) (815|470|480|320|321|326)",
        r"debt",
        r"item 305",
        r"market risk",
        r"credit facilit",
    ),
    "business_combinations": (
        r"acquisition",
        r"(asc|topic) 805",
        r"purchase price allocation",
        r"pro forma",
        r"rule 3-05",
        r"article 11",
        r"discontinued operations",
        r"dispos(al|ition)",
        r"bargain purchase",
    ),
    "consolidation": (
        r"variable interest",
        r"\bvies?\b",
        r"equity method",
        r"joint ventures?",
        r"noncontrolling",
        r"(asc|topic) (810|323)",
        r"rule 3-09",
        r"consolidat",
    ),
    "contingencies": (
        r"contingenc",
        r"(asc|topic) 450",
        r"litigation",
        r"legal proceedings",
        r"reasonably possible",
        r"item 103",
        r"environmental",
        r"guarantee",
    ),
    "leases": (r"\bleases?\b", r"(asc|topic) 84[02]", r"right-of-use", r"lessee", r"lessor"),
    "stock_compensation": (
        r"stock-based compensation",
        r"share-based",
        r"(asc|topic) 718",
        r"stock options?",
        r"equity awards?",
    ),
    "other_accounting": (
        r"cash flows? statement",
        r"statements? of cash flows",
        r"earnings per share",
        r"\beps\b",
        r"inventor(y|ies)",
        r"restatement",
        r"accounting polic",
        r"capitali[sz]ed",
        r"restructuring",
        r"rule 3-12",
        r"financial statements",
        r"error correction",
    ),
    "mdna_results": (
        r"results of operations",
        r"management.s discussion",
        r"\bmd&a\b",
        r"known trends?",
        r"item 303",
        r"period[- ]to[- ]period",
        r"backlog",
        r"quantif",
    ),
    "liquidity": (
        r"liquidity",
        r"capital resources",
        r"working capital",
        r"covenants?",
        r"cash flows? (from|provided by|used in) operating",
        r"going concern",
        r"capital expenditures?",
    ),
    "critical_estimates": (r"critical accounting (estimates?|polic(y|ies))", r"sensitivity"),
    "metrics": (
        r"key performance indicators?",
        r"\bkpis?\b",
        r"operating metrics?",
        r"same[- ]store",
        r"subscribers?",
        r"active users",
        r"metrics?",
    ),
    "risk_factors": (r"risk factors?", r"item 105", r"item 1a\b"),
    "business": (
        r"\bbusiness\b",
        r"\bcustomers?\b",
        r"suppliers?",
        r"item 10[12]\b",
        r"intellectual property",
        r"human capital",
        r"properties",
        r"market data",
        r"industry data",
        r"competitive",
    ),
    "controls_audit": (
        r"internal control",
        r"disclosure controls",
        r"item 30[478]\b",
        r"auditor",
        r"audit report",
        r"independent registered public accounting",
        r"icfr",
        r"audit committee",
    ),
    "exhibits": (
        r"\bexhibits?\b",
        r"item 601",
        r"confidential treatment",
        r"legal(ity)? opinion",
        r"opinion of counsel",
        r"material contracts?",
        r"consent",
    ),
    "form_compliance": (
        r"\bform (s-3|f-3|8-k)\b",
        r"eligib",
        r"signatures?",
        r"cover page",
        r"xbrl",
        r"incorporat(e|ed|ion) by reference",
        r"undertakings?",
        r"general instruction",
    ),
    "offering": (
        r"use of proceeds",
        r"dilution",
        r"capitali[sz]ation",
        r"underwrit",
        r"plan of distribution",
        r"description of (capital stock|securities)",
        r"selling (stockholders|shareholders|securityholders)",
        r"exclusive forum",
        r"emerging growth",
        r"prospectus summary",
        r"the offering",
    ),
    "industry_energy_mining": (
        r"proved (undeveloped )?reserves",
        r"\bpuds?\b",
        r"oil and gas",
        r"standardi[sz]ed measure",
        r"item 1[23]\d\d\b",
        r"mineral",
        r"\bmining propert",
        r"reserve (estimates|report)",
    ),
    "industry_financial": (
        r"loan portfolio",
        r"allowance for (loan|credit) losses",
        r"deposits",
        r"\bbank",
        r"insurance",
        r"\breit\b",
        r"item 14\d\d\b",
        r"guide 3",
        r"loss reserves?",
        r"net asset value",
        r"\bbdc\b",
        r"commercial real estate",
    ),
}
"""Topic -> cue patterns of its caption and text (lower-cased). A caption cue is strong
evidence; text cues are counted."""


ASK_CUES: dict[str, tuple[str, ...]] = {
    "revise": (
        r"please (revise|disclose|expand|clarify|add|include|provide .{0,40}disclosure|"
        r"remove|balance|update)",
        r"\brevise\b",
        r"\bamend",
    ),
    "future": (
        r"future filings?",
        r"future periodic reports?",
        r"going forward",
        r"\bfuture (periodic|reports?|earnings|disclosures?|releases?|annual|quarterly|"
        r"10-k|10-q|forms?|press|submissions?)\b",
        r"\bnext (earnings|annual|quarterly|periodic|form)\b",
        r"\bprospectively\b",
        r"\b(in|revise|update|expand|enhance|clarify) future\b",
    ),
    "explain": (
        r"tell us",
        r"explain",
        r"provide us with",
        r"your analysis",
        r"advise us",
        r"describe to us",
        r"help us understand",
        r"\bprovide us\b",
        r"\bhelp us\b",
        r"\bshow us\b",
    ),
    "supplemental": (
        r"supplemental",
        r"provide (us )?(with )?(copies|a copy)",
        r"support for",
        r"\bcopies of\b",
    ),
    "file": (
        r"please file",
        r"file .{0,60} as an exhibit",
        r"file an? (amendment|amended|request)",
        r"\bas an exhibit\b",
        r"\bfile (an?|the|it|them|all|each|your)\b",
    ),
    "confirm": (r"\bconfirm\b", r"acknowledge"),
    "none": (
        r"may have (further|additional) comments",
        r"we remind you",
        r"\bnote that\b",
        r"\b(further|additional) comments\b",
        r"\bremind you\b",
    ),
}
"""Ask code -> cue patterns. The model's lexicon holds the words and word pairs a pattern
matches, so each cue of three or more words also has a word-pair form."""
ANSWER_CUES: dict[str, tuple[str, ...]] = {
    "revised": (
        r"ha(s|ve) (revised|updated|expanded|added|included|amended|removed|deleted|"
        r"clarified|modified)",
        r"amendment no\.",
        r"see page",
        r"revised disclosure",
        r"\bamendment no\b",
    ),
    "will_revise": (
        r"future filings?",
        r"will (revise|include|expand|disclose|provide|enhance|"
        r"update|clarify)",
        r"going forward",
        r"beginning with",
    ),
    "explained": (
        r"we believe",
        r"respectfully",
        r"the company (believes|considered|concluded)",
        r"concluded that",
        r"our analysis",
        r"\bcompany (believes|considered|concluded)\b",
    ),
    "supplemental": (
        r"supplementally",
        r"under separate cover",
        r"following table",
        r"rule 418",
        r"rule 83",
        r"\bseparate cover\b",
    ),
    "confirmed": (r"\bconfirms?\b", r"acknowledges?"),
    "declined": (
        r"respectfully (disagree|declin|submit)",
        r"do(es)? not believe .{0,60}"
        r"(necessary|appropriate|required|material)",
        r"\bnot believe\b",
    ),
}
_TABLES: dict[str, dict[str, re.Pattern[str]]] = {
    prefix: {code: re.compile("|".join(patterns)) for code, patterns in table.items()}
    for prefix, table in (("tc", TOPIC_CUES), ("ak", ASK_CUES), ("an", ANSWER_CUES))
}
"""Each cue table as one pattern per code, by the feature prefix of its hits."""


def topic_cues(text: str) -> Counter[str]:
    """How many times the cues of each topic occur in a (caption or) text."""
    folded = text.lower()
    found = ((code, len(p.findall(folded))) for code, p in _TABLES["tc"].items())
    return Counter({code: n for code, n in found if n})


def ask_cues(text: str) -> set[str]:
    """Ask codes whose cue phrases occur in a comment."""
    folded = text.lower()
    return {code for code, p in _TABLES["ak"].items() if p.search(folded)}


def answer_cues(text: str) -> set[str]:
    """Answer codes whose cue phrases occur in a response."""
    folded = text.lower()
    return {code for code, p in _TABLES["an"].items() if p.search(folded)}


def term_cues(term: str) -> list[str]:
    """The cue codes a word or word pair carries, prefixed by table ("tc:revenue",
    "ak:explain", "an:declined"): the model's lexicon is built from these, so reading a text
    needs no pattern scan."""
    return [
        f"{prefix}:{code}"
        for prefix, table in _TABLES.items()
        for code, pattern in table.items()
        if pattern.search(term)
    ]


def rule_topics(heading: str | None, text: str) -> list[str]:
    """The rules method: the caption's strongest cue topic, else the text's (main first, a
    second topic when its cues are at least half as frequent)."""
    caption = topic_cues(heading or "")
    body = topic_cues(text)
    ranked = [t for t, _ in caption.most_common()]
    if not ranked and body:
        ranked = [t for t, _ in body.most_common()]
    if not ranked:
        return []
    out = ranked[:1]
    for topic, count in body.most_common(3):
        if topic not in out and count * 2 >= body[out[0]] and len(out) < 2:
            out.append(topic)
    return out


def rule_asks(text: str) -> list[str]:
    """The rules method for asks: every ask whose cue phrase occurs ('none' only alone)."""
    found = ask_cues(text)
    if len(found) > 1:
        found.discard("none")
    return [code for code in ASK_CUES if code in found]


def rule_answers(text: str) -> list[str]:
    """The rules method for answers: every answer class whose cue phrase occurs, else
    'explained'."""
    found = answer_cues(text) or {"explained"}
    return [code for code in ANSWER_CUES if code in found]
