"""The authorities a comment or an answer cites, read into the normal forms of TOPICS.md.

A citation is an anchor ("Item", "Rule", "ASC", "Question", "Release" ...) with one or more
references ("303(a) and (b)", "606-10-55-89 through 55-91") and, for items, rules and
sections, the authority they belong to, printed after ("of Regulation S-K") or before
("Exchange Act Rule"). Where no authority is printed, only references whose shape names it
are kept (an S-X rule "3-05", an M-A item "1015(b)", a Form 8-K item "2.02"): a bare "Item 6"
could be any form's, and a page or a caption of the filing is never an authority.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from reviewdesk.letters.model import Letter

_PAREN = r"\((?:[a-zA-Z]{1,4}|\d{1,2})\)"
_SPACED_HYPHEN = re.compile(r"(\d)- (\d)")
_SPACED_PAREN = re.compile(r"(\d) (\((?:[a-z]|[ivx]{1,4}|\d)\))")
"""One sub-paragraph as printed: (a), (iv), (A), (2)."""

_ASC_NUMBER = rf"\d{{3}}(?:-(?:S|SS)?\d{{1,3}}(?:[A-Z]|[a-z](?![a-z]))?){{0,3}}(?:{_PAREN})*"
_ASC = re.compile(
    rf"\b(?:FASB\s+)?(?:ASC|Accounting\s+Standards\s+Codification)"
    rf"(?:\s*(?:Topic|Subtopic|Section|Sections|paragraphs?))?[\s-]*(?:No\.\s*)?"
    rf"(?P<ref>{_ASC_NUMBER})"
    rf"(?P<rest>(?:\s*(?:,\s*and|,\s*or|,|and|or|through|to)\s*(?:paragraphs?\s+)?"
    rf"(?:-?\d{{1,3}}(?:-(?:S)?\d{{1,3}}[A-Z]?){{0,3}}[A-Z]?(?:{_PAREN})*(?![\w-])"
    rf"|(?:{_PAREN})+))*)"
)
_ASC_PARAGRAPH = re.compile(
    rf"(?<![\d-])(?P<ref>\d{{3}}-\d{{2}}-(?:S)?\d{{2}}-\d{{1,3}}[A-Z]?(?:{_PAREN})*)(?![\d-])"
    rf"(?P<rest>(?:\s*(?:,\s*and|,|and|or|through)\s*(?:-?\d{{1,3}}(?:-\d{{1,3}}[A-Z]?)?"
    rf"(?:{_PAREN})*|(?:{_PAREN})+))*)"
)
_TOPIC = re.compile(r"(?<!SAB )(?<!Guidance: )\bTopic\s+(?P<ref>[1-9]\d{2})\b(?![.:]\w)")

_AUTHORITY = (
    r"Regulation\s+S-K|Regulation\s+S-X|Regulation\s+M-A|Regulation\s+S-T|Regulation\s+G"
    r"|Regulation\s+AB|Regulation\s+FD|Regulation\s+BTR|Regulation\s+S\b|Regulation\s+D\b"
    r"|Regulation\s+A\b|Regulation\s+14A|Regulation\s+14C|Regulation\s+13D-G"
    r"|Form\s+(?:\d{1,2}-[A-Z]{1,2}|[A-Z]{1,2}-\d{1,2}|\d{2}-F|N-\d[A-Z]?)"
    r"|Schedule\s+(?:14A|14C|TO|13E-3|13D|13G|14D-9|13E-4)"
    r"|(?:Securities\s+)?Exchange\s+Act(?:\s+of\s+1934)?|Securities\s+Act(?:\s+of\s+1933)?"
    r"|Investment\s+Company\s+Act(?:\s+of\s+1940)?|Investment\s+Advisers\s+Act(?:\s+of\s+1940)?"
    r"|Trust\s+Indenture\s+Act(?:\s+of\s+1939)?|Internal\s+Revenue\s+Code|Code\b|DGCL\b"
)
_REF = rf"\d{{1,4}}[A-Za-z]?(?:[-.]\d{{1,4}}[A-Za-z]?)*(?:{_PAREN})*"
_LIST_GLUE = r"\s*(?:,\s*and/or|,\s*and|,\s*or|and/or|,|and|or|through|to|&)\s*"
_PREFIX = re.compile(
    r"(?P<pre>Regulation\s+S-K|S-K|Regulation\s+S-X|S-X|Regulation\s+M-A|Regulation\s+G"
    r"|Regulation\s+S-T|(?:Securities\s+)?Exchange\s+Act|Securities\s+Act"
    r"|Form\s+8-K|Form\s+\d{2}-F|Schedule\s+(?:14A|TO|13E-3))\s+$"
)
"""An authority printed before the anchor ("Regulation S-K Item 303"), matched at its end."""
_ANCHORED = re.compile(
    rf"\b(?P<kw>Items?|Rules?|Sections?|Articles?|Note)\s+"
    rf"(?P<refs>(?:{_REF}|[A-Z]\b)(?:{_LIST_GLUE}(?:(?:Items?|Rules?|Sections?)\s+)?"
    rf"(?:{_REF}|(?:{_PAREN})+))*)"
    rf"(?P<tail>(?:\s*,?\s*(?:as\s+appropriate|thereunder|respectively),?)?"
    rf"\s+(?:of|under|to|in)\s+(?:the\s+)?(?P<post>{_AUTHORITY}))?"
)
_FILING_NOUN = re.compile(
    r"\s*(?:submissions?|filings?|filed|communications?|prospectus|materials?|letters?)\b", re.I
)

_SAB = re.compile(
    r"\b(?:SAB|Staff\s+Accounting\s+Bulletin)s?\s*(?:No\.\s*)?(?P<topic>Topic\s*)?"
    r"(?P<ref>\d{1,3}(?:\s*[.:]\s*[A-Z](?:\.\d)?)?)"
    r"(?P<rest>(?:\s*(?:,|and|or)\s*\d{1,2}\s*[.:]\s*[A-Z]\b)*)"
)
_CDI_WORDS = re.compile(r"C&DI|Compliance\s+(?:and|&)\s+Disclosure\s+Interpretation", re.I)
_CDI = re.compile(
    r"\b(?P<kw>Questions?|Interpretations?|C&DIs?|Items?)\s+(?:Nos?\.?\s*)?"
    r"(?P<ref>\d{3}[A-Z]?\.\d{2}[A-Z]?(?:\([a-z]\))?)"
    r"(?P<rest>(?:\s*(?:,\s*and|,|and|or|through)\s*\d{3}[A-Z]?\.\d{2}[A-Z]?(?:\([a-z]\))?)*)"
)
_RELEASE = re.compile(
    r"\b(?P<act>Securities\s+Act\s+|Exchange\s+Act\s+|Investment\s+Company\s+Act\s+)?"
    r"Releases?\s+(?:Nos?\.?\s*)?(?P<ref>(?:33|34|IC|IA)-\d{3,5}|\d{4,5}\b)"
    r"(?P<rest>(?:\s*(?:;|,|and)\s*(?:33|34|IC|IA)-\d{3,5})*)"
)
_SLB = re.compile(r"\b(?:SLB|Staff\s+Legal\s+Bulletin)\s*(?:No\.\s*)?(?P<ref>\d{1,2}[A-Z]?)\b")
_FRC = re.compile(
    r"\b(?:FRC\s+(?P<direct>\d{3}(?:\.\d{2})?(?:\.[a-z0-9]{1,2})*)"
    r"|[Ss]ections?\s+(?P<refs>\d{3}(?:\.\d{2})?(?:\.[a-z0-9]{1,2})*"
    r"(?:\.?\s*(?:,|and)\s*\d{3}(?:\.\d{2})?(?:\.[a-z0-9]{1,2})*)*)\.?\s+of\s+the\s+"
    r"(?:Staff['’]s\s+|Commission['’]s\s+)?(?:Codification\s+of\s+Financial\s+Reporting"
    r"|Financial\s+Reporting\s+Codification))"
)
_DISCLOSURE_GUIDANCE = re.compile(
    r"\bCF\s+Disclosure\s+Guidance:?\s+Topic\s+(?:No\.\s*)?(?P<ref>\d{1,3})\b"
)
_ASU = re.compile(r"\bASU\s+(?:No\.\s*)?(?P<ref>\d{4}-\d{2})\b")
_PCAOB = re.compile(
    r"\b(?:PCAOB\s+)?(?:Auditing\s+Standard|AS)\s+(?:No\.\s*)?(?P<ref>[1-6]\d{3})\b"
)
_AUDITING = re.compile(r"PCAOB|auditing", re.I)
_IFRS = re.compile(r"\b(?P<body>IFRS|IAS)\s+(?:No\.\s*)?(?P<ref>\d{1,2})\b")
_BARE_REGULATION = re.compile(
    r"\bRegulation\s+(?P<name>G|M-A|S-T|FD|AB|BTR|SHO)\b(?!\s+(?:Item|Rule|Section))"
)
_SAMPLE_LETTERS = (
    (
        re.compile(r"Sample\s+Letter\s+to\s+China[- ]Based\s+Companies", re.I),
        "China-based companies",
    ),
    (
        re.compile(r"sample\s+letter[^.]{0,80}climate|climate[^.]{0,40}sample\s+letter", re.I),
        "climate change",
    ),
)

_ACT_NAMES = {
    "exchange act": "Exchange Act",
    "securities exchange act": "Exchange Act",
    "securities act": "Securities Act",
    "investment company act": "Investment Company Act",
    "investment advisers act": "Investment Advisers Act",
    "trust indenture act": "Trust Indenture Act",
}


def read_cites(text: str) -> list[str]:
    """Every authority the text names, once each, in the order first named."""
    found: list[str] = []
    seen: set[str] = set()
    for cite in _ordered(_flatten(text)):
        key = re.sub(r"\s+", "", cite).lower()
        if key not in seen:
            seen.add(key)
            found.append(cite)
    return found


def cite_letter(letter: Letter) -> None:
    """Fill `cites` on every comment and every answer of a reading."""
    for comment in letter.comments:
        comment.cites = read_cites(comment.text)
    for response in letter.responses:
        response.cites = read_cites(response.response_text)


def _flatten(text: str) -> str:
    """One line of text; numbers a line break or PDF spacing split ("280-10- 50-40") joined."""
    flat = " ".join(text.split())
    flat = _SPACED_HYPHEN.sub(r"\1-\2", flat)
    flat = _SPACED_PAREN.sub(r"\1\2", flat)
    return flat.replace("´", "'").replace("`", "'")


def _ordered(text: str) -> Iterator[str]:
    """Citations in the order they start; a later reader's overlapping read is dropped."""
    spans: list[tuple[int, int]] = []
    hits: list[tuple[int, int, list[str]]] = []
    for reader, cues in _READERS:
        if not any(cue in text for cue in cues):
            continue
        for start, end, cites in reader(text):
            if any(start < e and s < end for s, e in spans):
                continue
            spans.append((start, end))
            hits.append((start, end, cites))
    for _, _, cites in sorted(hits):
        yield from cites


def _read_asc(text: str) -> Iterator[tuple[int, int, list[str]]]:
    for match in _ASC.finditer(text):
        refs = _expand_asc(match["ref"], match["rest"])
        yield match.start(), match.end(), [f"ASC {ref}" for ref in refs]


def _read_asc_paragraphs(text: str) -> Iterator[tuple[int, int, list[str]]]:
    for match in _ASC_PARAGRAPH.finditer(text):
        refs = _expand_asc(match["ref"], match["rest"])
        yield match.start(), match.end(), [f"ASC {ref}" for ref in refs]


def _read_topics(text: str) -> Iterator[tuple[int, int, list[str]]]:
    for match in _TOPIC.finditer(text):
        yield match.start(), match.end(), [f"ASC {match['ref']}"]


def _expand_asc(first: str, rest: str) -> list[str]:
    """ "606-10-55-89 through 55-91" → both ends; "50-30(a), (c)" → each; "-12" → last part."""
    refs = [_bracket_letter(first)]
    for piece in re.split(r"\s*(?:,\s*and|,\s*or|,|\band\b|\bor\b|\bthrough\b|\bto\b)\s*", rest):
        piece = re.sub(r"^paragraphs?\s+", "", piece.strip())
        if not piece:
            continue
        base = re.sub(rf"(?:{_PAREN})+$", "", refs[-1])
        if piece.startswith("("):
            refs.append(base + piece)
            continue
        parts = piece.lstrip("-").split("-")
        base_parts = base.split("-")
        if len(parts) >= len(base_parts) or (len(parts) > 1 and len(parts[0]) == 3):
            refs.append(_bracket_letter(piece))
        else:
            refs.append(
                _bracket_letter("-".join(base_parts[: len(base_parts) - len(parts)] + parts))
            )
    return refs


def _bracket_letter(ref: str) -> str:
    """A sub-letter printed without brackets ("50-30b") bracketed as TOPICS.md asks."""
    return re.sub(r"(?<=-\d)(\d*)([a-z])$", r"\1(\2)", ref)


def _read_cdi(text: str) -> Iterator[tuple[int, int, list[str]]]:
    for match in _CDI.finditer(text):
        if match["kw"].lower().startswith("item"):
            window = text[match.end() : match.end() + 120]
            if not _CDI_WORDS.search(window):
                continue
        refs = [match["ref"], *re.findall(r"\d{3}[A-Z]?\.\d{2}[A-Z]?(?:\([a-z]\))?", match["rest"])]
        yield match.start(), match.end(), [f"C&DI {ref}" for ref in refs]


def _read_sab(text: str) -> Iterator[tuple[int, int, list[str]]]:
    for match in _SAB.finditer(text):
        ref = re.sub(r"\s*[.:]\s*", ".", match["ref"])
        if match["topic"] or "." in ref:
            refs = [ref, *(re.sub(r"\s*[.:]\s*", ".", r) for r in _rest_refs(match["rest"]))]
            yield match.start(), match.end(), [f"SAB Topic {r}" for r in refs]
        else:
            yield match.start(), match.end(), [f"SAB {ref}"]


def _rest_refs(rest: str) -> list[str]:
    return [p for p in re.split(r"\s*(?:,|\band\b|\bor\b)\s*", rest.strip()) if p]


def _read_release(text: str) -> Iterator[tuple[int, int, list[str]]]:
    for match in _RELEASE.finditer(text):
        ref = match["ref"]
        if "-" not in ref:
            act = (match["act"] or "").strip().lower()
            prefix = {"securities act": "33", "exchange act": "34", "investment company act": "IC"}
            if act not in prefix:
                continue
            ref = f"{prefix[act]}-{ref}"
        refs = [ref, *re.findall(r"(?:33|34|IC|IA)-\d{3,5}", match["rest"])]
        yield match.start(), match.end(), [f"Release {r}" for r in refs]


def _read_slb(text: str) -> Iterator[tuple[int, int, list[str]]]:
    for match in _SLB.finditer(text):
        yield match.start(), match.end(), [f"SLB {match['ref']}"]


def _read_frc(text: str) -> Iterator[tuple[int, int, list[str]]]:
    for match in _FRC.finditer(text):
        printed = match["direct"] or match["refs"]
        refs = [r.rstrip(".") for r in re.split(r"\.?\s*(?:,|\band\b)\s*", printed) if r]
        yield match.start(), match.end(), [f"FRC {r}" for r in refs]


def _read_simple(text: str) -> Iterator[tuple[int, int, list[str]]]:
    for match in _DISCLOSURE_GUIDANCE.finditer(text):
        yield match.start(), match.end(), [f"CF Disclosure Guidance Topic {match['ref']}"]
    for match in _ASU.finditer(text):
        yield match.start(), match.end(), [f"ASU {match['ref']}"]
    for match in _PCAOB.finditer(text):
        if match.group(0).startswith("AS ") and not _AUDITING.search(text):
            continue
        yield match.start(), match.end(), [f"PCAOB AS {match['ref']}"]
    for match in _IFRS.finditer(text):
        yield match.start(), match.end(), [f"{match['body']} {match['ref']}"]
    if "ample letter" not in text.lower():
        return
    for pattern, name in _SAMPLE_LETTERS:
        for match in pattern.finditer(text):
            yield match.start(), match.end(), [f"Sample letter: {name}"]


def _read_bare_regulations(text: str) -> Iterator[tuple[int, int, list[str]]]:
    for match in _BARE_REGULATION.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if re.search(rf"(?:Items?|Rules?)\s+{_REF}(?:\s*\S+){{0,3}}\s+(?:of|under)\s+$", before):
            continue
        yield match.start(), match.end(), [f"Regulation {match['name']}"]


def _read_anchored(text: str) -> Iterator[tuple[int, int, list[str]]]:
    for match in _ANCHORED.finditer(text):
        kind = match["kw"].rstrip("s").capitalize()
        refs = _expand_refs(match["refs"])
        before = _PREFIX.search(text, max(0, match.start() - 40), match.start())
        authority = _authority((before["pre"] if before else None) or match["post"] or "")
        if match["post"] is None and _FILING_NOUN.match(text, match.end()):
            continue
        cites = [c for ref in refs if (c := _anchored_cite(kind, ref, authority, text, match))]
        if cites:
            yield match.start(), match.end(), cites


def _expand_refs(printed: str) -> list[str]:
    """ "303(c) and (b)(2)(i) through (iii)" → 303(c), 303(b)(2)(i), 303(b)(2)(iii)."""
    refs: list[str] = []
    for piece in re.split(rf"{_LIST_GLUE}", printed):
        piece = re.sub(r"^(?:Items?|Rules?|Sections?)\s+", "", piece.strip())
        if not piece:
            continue
        if piece.startswith("(") and refs:
            refs.append(_continue(refs[-1], piece))
        else:
            refs.append(piece)
    return refs


def _continue(previous: str, parens: str) -> str:
    """A bare "(b)(2)" after "303(c)": replace the previous sub-paragraphs from the same level."""
    number = re.match(r"[^(]*", previous)
    base = number.group(0) if number else previous
    prev_parts = re.findall(_PAREN, previous)
    new_parts = re.findall(_PAREN, parens)
    level = _level(new_parts[0])
    kept = [p for p in prev_parts if _level(p) < level] if level else []
    return base + "".join(kept) + "".join(new_parts)


def _level(paren: str) -> int:
    """How deep a sub-paragraph sits: (a) 1, (1) 2, (i) 3, (A) 4."""
    inner = paren.strip("()")
    if inner.isdigit():
        return 2
    if re.fullmatch(r"[ivx]+", inner) and inner not in ("v", "x"):
        return 3
    if inner.isupper():
        return 4
    return 1


def _authority(printed: str) -> str:
    words = re.sub(r"\s+", " ", printed).strip()
    words = re.sub(r"\s+of\s+19\d\d$", "", words)
    if words in ("S-K", "S-X"):
        return f"Regulation {words}"
    if words.lower() in _ACT_NAMES:
        return _ACT_NAMES[words.lower()]
    if words in ("Code", "Internal Revenue Code"):
        return "IRC"
    return words


def _anchored_cite(kind: str, ref: str, authority: str, text: str, match: re.Match[str]) -> str:
    """The normal form of one anchored reference, or "" when its authority cannot be known."""
    ref = ref.rstrip(".")
    if kind == "Note":
        return f"{authority} Note {ref}" if authority.startswith("Schedule") else ""
    if authority == "Regulation S-K":
        return f"S-K {kind} {ref}" if kind == "Item" else ""
    if authority == "Regulation S-X":
        return f"S-X {kind} {ref}" if kind in ("Rule", "Article") else ""
    if authority.startswith("Regulation "):
        return f"{authority} {kind} {ref}" if kind in ("Item", "Rule") else ""
    if authority.startswith(("Form ", "Schedule ")):
        if _filing_itself(text, match):
            return ""
        return f"{authority} {kind} {ref}" if kind == "Item" else ""
    if authority in ("IRC", "DGCL") or authority.endswith(" Act"):
        if kind == "Section":
            return f"{authority} Section {ref}"
        return f"Rule {ref}" if kind == "Rule" else ""
    return _unattributed(kind, ref)


def _filing_itself(text: str, match: re.Match[str]) -> bool:
    """ "Item 7 of your Form 10-K" is a part of the filing under review, not an authority."""
    tail = match["tail"] or ""
    if re.search(r"\b(?:your|its|the|Company's|this)\s", tail, re.I):
        return True
    after = text[match.end() :]
    return bool(
        re.match(
            r"\s+(?:filed|dated|submitted|for\s+the\s+(?:fiscal\s+)?(?:year|quarter|period))\b",
            after,
        )
    )


def _unattributed(kind: str, ref: str) -> str:
    """A reference whose shape alone says whose it is."""
    if kind == "Rule":
        if re.fullmatch(rf"\d{{1,2}}-\d{{2}}(?:\.\d+)?(?:{_PAREN})*", ref):
            return f"S-X Rule {ref}"
        if re.fullmatch(rf"\d{{1,3}}[a-z]{{1,2}}-\d{{1,3}}[A-Za-z]?(?:{_PAREN})*", ref):
            return f"Rule {ref}"
        if re.fullmatch(rf"\d{{2,3}}[A-Z]?(?:{_PAREN})*", ref):
            return f"Rule {ref}"
        return ""
    if kind == "Item":
        if re.fullmatch(rf"10(?:0[1-9]|1[0-6])(?:{_PAREN})*", ref):
            return f"Regulation M-A Item {ref}"
        if re.fullmatch(r"[1-9]\.\d{2}", ref):
            return f"Form 8-K Item {ref}"
    return ""


_READERS: tuple[
    tuple[Callable[[str], Iterator[tuple[int, int, list[str]]]], tuple[str, ...]], ...
] = (
    (_read_asc, ("ASC", "Accounting Standards")),
    (_read_cdi, ("Question", "Interpretation", "C&DI", "CDI")),
    (_read_sab, ("SAB", "Staff Accounting")),
    (_read_release, ("Release",)),
    (_read_slb, ("SLB", "Legal Bulletin")),
    (_read_frc, ("FRC", "Codification")),
    (_read_simple, ("ASU", "AS ", "Auditing Standard", "IFRS", "IAS", "Guidance", "ample")),
    (_read_anchored, ("Item", "Rule", "Section", "Article", "Note")),
    (_read_asc_paragraphs, ("-",)),
    (_read_topics, ("Topic",)),
    (_read_bare_regulations, ("Regulation",)),
)
"""Each reader, in order of precedence, with the words without which it cannot match (a
substring test is far cheaper than a pattern scanned over every letter)."""

_ECFR = "https://www.ecfr.gov/current/title-17"


def cite_url(cite: str) -> str | None:
    """Where the official text of a normalised citation is published, when it has one place."""
    if match := re.fullmatch(r"S-K Item (\d+).*", cite):
        return f"{_ECFR}/section-229.{match[1]}"
    if match := re.fullmatch(r"Regulation M-A Item (\d+).*", cite):
        return f"{_ECFR}/section-229.{match[1]}"
    if match := re.fullmatch(r"S-X Rule (\d+-\d+).*", cite):
        return f"{_ECFR}/section-210.{match[1]}"
    if cite.startswith("S-X Article"):
        return f"{_ECFR}/part-210"
    if match := re.fullmatch(r"Regulation G(?: Rule (\d+).*)?", cite):
        return f"{_ECFR}/section-244.{match[1]}" if match[1] else f"{_ECFR}/part-244"
    if match := re.fullmatch(r"Regulation S-T(?: Rule (\d+).*)?", cite):
        return f"{_ECFR}/section-232.{match[1]}" if match[1] else f"{_ECFR}/part-232"
    if match := re.fullmatch(r"Rule (\d+[a-z]{1,2}-\d+[A-Za-z]?).*", cite):
        return f"{_ECFR}/section-240.{match[1]}"
    if match := re.fullmatch(r"Rule (\d{3}[A-Z]?).*", cite):
        return f"{_ECFR}/section-230.{match[1]}"
    if match := re.fullmatch(r"Rule (83)", cite):
        return f"{_ECFR}/section-200.{match[1]}"
    if match := re.fullmatch(r"ASC (\d{3}).*", cite):
        return f"https://asc.fasb.org/{match[1]}/tableOfContent"
    if cite.startswith("C&DI "):
        return (
            "https://www.sec.gov/rules-regulations/staff-guidance/"
            "compliance-disclosure-interpretations"
        )
    return None
