"""Transparent signals of what a comment is about and asks: the authorities it cites
("ASC 606", "Item 10(e)", "Rule 3-05", "Item 402") and the cue words of its caption and text.

The same rules serve twice: alone they are the rules method of the comparison (`rule_topics`,
`rule_asks`, `rule_answers`), and their hits are features of the linear model."""

from __future__ import annotations

import re
from collections import Counter

_CITE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("asc", re.compile(r"\b(?:asc|topic|fasb accounting standards codification)\s+(\d{3})\b")),
    ("asc", re.compile(r"\b(\d{3})-\d{2}-\d{2}-\d+")),
    ("item", re.compile(r"\bitems?\s+(\d{1,4}[a-z]?)(?:\s*\(([a-z0-9]+)\))?")),
    ("rule", re.compile(r"\brules?\s+(\d{1,2}[a-z]?-\d{1,3}[a-z]?)\b")),
    ("article", re.compile(r"\barticle\s+(\d{1,2})\b")),
    ("regulation", re.compile(r"\bregulation\s+(g|s-k|s-x|m-a|s-t|fd|a|d|s|ab|bte)\b")),
    (
        "sab",
        re.compile(r"\b(?:sab|staff accounting bulletin)(?:\s+(?:no\.?|topic))?\s+(\d+[a-z.]*)"),
    ),
    ("ifrs", re.compile(r"\b(ifrs|ias)\s+(\d+)\b")),
    ("guide", re.compile(r"\bguide\s+(\d)\b")),
)


def citations(text: str) -> list[str]:
    """The authorities a text names, as short normal tokens ("asc 606", "item 10(e)",
    "item 10", "rule 3-05", "article 11", "regulation g", "sab 99", "ifrs 15")."""
    folded = text.lower()
    found: list[str] = []
    for kind, pattern in _CITE_PATTERNS:
        for match in pattern.finditer(folded):
            if kind == "item":
                number, sub = match.group(1), match.group(2)
                found.append(f"item {number}")
                if sub:
                    found.append(f"item {number}({sub})")
            elif kind == "ifrs":
                found.append(f"{match.group(1)} {match.group(2)}")
            else:
                found.append(f"{kind} {match.group(1)}")
    return list(dict.fromkeys(found))


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

_TOPIC_COMPILED = {topic: tuple(re.compile(p) for p in ps) for topic, ps in TOPIC_CUES.items()}

ASK_CUES: dict[str, tuple[str, ...]] = {
    "revise": (
        r"please (revise|disclose|expand|clarify|add|include|provide .{0,40}disclosure|"
        r"remove|balance|update)",
        r"\brevise\b",
        r"\bamend",
    ),
    "future": (r"future filings?", r"future periodic reports?", r"going forward"),
    "explain": (
        r"tell us",
        r"explain",
        r"provide us with",
        r"your analysis",
        r"advise us",
        r"describe to us",
        r"help us understand",
    ),
    "supplemental": (r"supplemental", r"provide (us )?(with )?(copies|a copy)", r"support for"),
    "file": (
        r"please file",
        r"file .{0,60} as an exhibit",
        r"file an? (amendment|amended|request)",
    ),
    "confirm": (r"\bconfirm\b", r"acknowledge"),
    "none": (r"may have (further|additional) comments", r"we remind you", r"\bnote that\b"),
}
ANSWER_CUES: dict[str, tuple[str, ...]] = {
    "revised": (
        r"ha(s|ve) (revised|updated|expanded|added|included|amended|removed|deleted|"
        r"clarified|modified)",
        r"amendment no\.",
        r"see page",
        r"revised disclosure",
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
    ),
    "supplemental": (
        r"supplementally",
        r"under separate cover",
        r"following table",
        r"rule 418",
        r"rule 83",
    ),
    "confirmed": (r"\bconfirms?\b", r"acknowledges?"),
    "declined": (
        r"respectfully (disagree|declin|submit)",
        r"do(es)? not believe .{0,60}"
        r"(necessary|appropriate|required|material)",
    ),
}
_ASK_COMPILED = {c: tuple(re.compile(p) for p in ps) for c, ps in ASK_CUES.items()}
_ANSWER_COMPILED = {c: tuple(re.compile(p) for p in ps) for c, ps in ANSWER_CUES.items()}


def topic_cues(text: str) -> Counter[str]:
    """How many times the cues of each topic occur in a (caption or) text."""
    folded = text.lower()
    hits: Counter[str] = Counter()
    for topic, patterns in _TOPIC_COMPILED.items():
        for pattern in patterns:
            found = len(pattern.findall(folded))
            if found:
                hits[topic] += found
    return hits


def cue_hits(compiled: dict[str, tuple[re.Pattern[str], ...]], text: str) -> set[str]:
    """The codes one of whose cues occurs in the text."""
    folded = text.lower()
    return {code for code, patterns in compiled.items() if any(p.search(folded) for p in patterns)}


def ask_cues(text: str) -> set[str]:
    """Ask codes whose cue phrases occur in a comment."""
    return cue_hits(_ASK_COMPILED, text)


def answer_cues(text: str) -> set[str]:
    """Answer codes whose cue phrases occur in a response."""
    return cue_hits(_ANSWER_COMPILED, text)


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
