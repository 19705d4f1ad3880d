"""A company's own profile: what the staff asked it, topic by topic and year by year, beside
its peers: other companies' letters from the same staff offices, and other companies' letters
on the same forms, in the same cut."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, aliased

from reviewdesk.errors import Invalid
from reviewdesk.letters.vocabulary import label
from reviewdesk.record import schema
from reviewdesk.services.trends.filters import PeriodKind, TrendFilters, base_form
from reviewdesk.services.trends.model import ChartSpec, TrendTable, TrendView, share
from tests.trends.live.comment_scope import Letter, letter_conditions, topic_group
from tests.trends.live.topics import Counts, labelled_counts, totals


class ProfileNeedsCompany(Invalid, ValueError):
    """The profile view was asked for without a company."""


def _summed(counts: Counts) -> dict[str, int]:
    out: dict[str, int] = {}
    for (_, key), (letters, _) in counts.items():
        out[key] = out.get(key, 0) + letters
    return out


def _peer_shares(
    session: Session, cut: TrendFilters, extra: list[ColumnElement[bool]]
) -> tuple[dict[str, int], int]:
    """Comment letters per topic of the peers, and all their comment letters."""
    counts = labelled_counts(session, cut, schema.Label.code, extra)
    whole = totals(session, cut, extra=extra)
    return _summed(counts), sum(n for n, _ in whole.values())


def _company_offices_and_forms(
    session: Session, filters: TrendFilters, company: int
) -> tuple[list[str], list[str]]:
    own = [Letter.company_id == company, Letter.role == "staff", *letter_conditions(filters)]
    offices = session.scalars(
        select(Letter.office).where(*own, Letter.office.is_not(None)).distinct()
    )
    forms = session.scalars(
        select(schema.LetterFiling.form)
        .join(Letter, Letter.id == schema.LetterFiling.letter_id)
        .where(*own, schema.LetterFiling.form.is_not(None))
        .distinct()
    )
    bases = {b for f in forms if (b := base_form(f))}
    return sorted(str(o) for o in offices), sorted(bases)


def profile_view(session: Session, filters: TrendFilters) -> TrendView:
    """The profile view of `filters.company_id`: its topics beside its peers', and per year."""
    if filters.company_id is None:
        raise ProfileNeedsCompany("the profile view needs a company: give its id, CIK or name")
    company = filters.company_id
    offices, forms = _company_offices_and_forms(session, filters, company)
    cut = TrendFilters(
        filters.period,
        filters.year_from,
        filters.year_to,
        filters.form,
        filters.office,
        None,
        filters.group,
        filters.filer,
    )
    filing = aliased(schema.LetterFiling)
    same_form = (
        select(filing.id)
        .where(
            filing.letter_id == Letter.id,
            filing.form.in_([*forms, *(f"{f}/A" for f in forms)]),
        )
        .exists()
    )
    office_peers, office_letters = _peer_shares(
        session, cut, [Letter.company_id != company, Letter.office.in_(offices)]
    )
    form_peers, form_letters = _peer_shares(session, cut, [Letter.company_id != company, same_form])
    own = labelled_counts(session, filters, schema.Label.code)
    own_letters = sum(n for n, _ in totals(session, filters).values())
    mine = _summed(own)
    name = session.scalar(select(schema.Company.name).where(schema.Company.id == company))
    view = TrendView("profile", f"Profile of {name or company}", filters.describe())
    beside = TrendTable(
        "topics_vs_peers",
        "Its topics beside its peers'",
        [
            "topic",
            "group",
            "comment letters",
            "share %",
            "office peers' share %",
            "form peers' share %",
        ],
        chart=ChartSpec(("topic",), "share %", "% of its comment letters"),
        note=f"{own_letters} comment letters of its own; office peers: {office_letters} comment "
        f"letters of other companies from {', '.join(offices) or 'no office'}; form peers: "
        f"{form_letters} of other companies on {', '.join(forms) or 'no form'}.",
    )
    every = set(mine) | set(office_peers) | set(form_peers)
    for topic in sorted(every, key=lambda t: (-mine.get(t, 0), t)):
        beside.add(
            [
                label("topic", topic),
                topic_group(topic),
                mine.get(topic, 0),
                share(mine.get(topic, 0), own_letters),
                share(office_peers.get(topic, 0), office_letters),
                share(form_peers.get(topic, 0), form_letters),
            ],
            filters.search({"topic": topic}) if topic in mine else None,
        )
    yearly = TrendTable(
        "by_year",
        "What the staff asked it, year by year",
        ["year", "topic", "comment letters", "comments"],
    )
    for (year, topic), (letters, comments) in sorted(
        own.items(), key=lambda kv: (kv[0][0], -kv[1][0], kv[0][1])
    ):
        link = {"topic": topic}
        if filters.period is PeriodKind.calendar:
            link["year"] = str(year)
        yearly.add([year, label("topic", topic), letters, comments], filters.search(link))
    view.tables = [beside, yearly]
    return view
