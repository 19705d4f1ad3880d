"""A small fictional record, built row by row in the test (no letter text is read): two
companies, four reviews with known dates, so every trends figure can be checked by hand. The
trend facts are then counted for both companies, as ingest's thread stage counts them.

Review 1, Fictional Alpha Corp, Office of Finance, 10-K: comment letter 2021-03-01 (due 03-15),
  answered 03-12, completion 2021-04-05 -> 1 letter, 35 days.
Review 2, Alpha, Office of Finance, 10-Q and 10-K/A: comment letters 2021-10-04 (due 10-18,
  answered late 10-25; a letter asking for more time 10-15) and 2021-11-15 (due 11-30, answered
  11-29), completion 2022-01-10 -> 2 letters, 98 days (review year 2022).
Review 3, Fictional Beta Inc., Office of Technology, S-1: comment letter 2022-05-02, unanswered.
Review 4, Beta, Office of Technology, 10-K: comment letters 2022-02-01, 03-01, 04-01 (answered
  02-10, 03-10, 04-08, all by their due dates), completion 2022-04-21 -> 3 letters, 79 days.

Comments (topics main first; asks; the answer; the comment it follows up):
  review 1 letter 1: c1 non_gaap, revise, revised; c2 mdna_results+metrics, explain, explained
  review 2 letter 1: c3 revenue, future+explain, will_revise; c4 non_gaap, revise, declined
  review 2 letter 2: c5 non_gaap, revise, revised, follows up c4
  review 3 letter 1: c6 offering, revise, (unanswered)
  review 4 letter 1: c7 revenue+segments, explain, explained; c8 non_gaap, future, will_revise
  review 4 letter 2: c9 revenue, supplemental, supplemental, follows up c7
  review 4 letter 3: c10 revenue, confirm, confirmed, follows up c9
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.record.store import Store
from reviewdesk.record.trend_upkeep import refresh_trend_facts

D = dt.date.fromisoformat
NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
_serial = itertools.count(1)

Item = tuple[str, tuple[str, ...], tuple[str, ...], str | None, str | None]
"""A fictional comment: name, topics, asks, answer class (None: unanswered), followed-up name."""

COMMENTS: dict[tuple[int, int], list[Item]] = {
    (1, 1): [
        ("c1", ("non_gaap",), ("revise",), "revised", None),
        ("c2", ("mdna_results", "metrics"), ("explain",), "explained", None),
    ],
    (2, 1): [
        ("c3", ("revenue",), ("future", "explain"), "will_revise", None),
        ("c4", ("non_gaap",), ("revise",), "declined", None),
    ],
    (2, 2): [("c5", ("non_gaap",), ("revise",), "revised", "c4")],
    (3, 1): [("c6", ("offering",), ("revise",), None, None)],
    (4, 1): [
        ("c7", ("revenue", "segments"), ("explain",), "explained", None),
        ("c8", ("non_gaap",), ("future",), "will_revise", None),
    ],
    (4, 2): [("c9", ("revenue",), ("supplemental",), "supplemental", "c7")],
    (4, 3): [("c10", ("revenue",), ("confirm",), "confirmed", "c9")],
}


def labels(session: Session, column: str, item_id: int, facet: str, codes: tuple[str, ...]) -> None:
    """The machine's effective codes of one comment or response."""
    for rank, code in enumerate(codes):
        session.add(
            schema.Label(
                **{column: item_id},
                facet=facet,
                code=code,
                rank=rank,
                source="machine",
                producer="fictional",
                version="1",
                labelled_at=NOW,
                effective=True,
            )
        )


def add_comments(
    session: Session,
    staff: schema.Letter,
    response: schema.Letter | None,
    items: list[Item],
    named: dict[str, int],
) -> None:
    """The letter's comments with their labels, and the answers in the response letter."""
    for position, (name, topics, asks, answer, follows) in enumerate(items):
        comment = schema.Comment(
            letter_id=staff.id,
            position=position,
            number=position + 1,
            text=f"Fictional comment {name}.",
            follow_up_of_id=named[follows] if follows else None,
        )
        session.add(comment)
        session.flush()
        named[name] = comment.id
        labels(session, "comment_id", comment.id, "topic", topics)
        labels(session, "comment_id", comment.id, "ask", asks)
        if answer is None or response is None:
            continue
        reply = schema.Response(
            letter_id=response.id,
            position=position,
            number=position + 1,
            response_text=f"Fictional answer to {name}.",
            comment_id=comment.id,
        )
        session.add(reply)
        session.flush()
        comment.answered_by_id = reply.id
        labels(session, "response_id", reply.id, "answer", (answer,))


def letter(
    session: Session,
    company: schema.Company,
    review: schema.Review,
    *,
    role: str,
    kind: str,
    date: str,
    office: str | None = None,
    forms: tuple[str, ...] = (),
) -> schema.Letter:
    """Store one fictional letter of `review` (its raw document is a placeholder line)."""
    number = next(_serial)
    body = f"fictional letter {number}".encode()
    sha = hashlib.sha256(body).hexdigest()
    session.add(
        schema.RawDocument(
            sha256=sha,
            content=body,
            size=len(body),
            media_type="text/plain",
            original_name=f"fictional-{number}.txt",
            given={},
            received_at=NOW,
        )
    )
    row = schema.Letter(
        raw_document_sha256=sha,
        source=f"fictional-{number}.txt",
        accession=f"0009999999-{date[2:4]}-{number:06d}",
        edgar_form="UPLOAD" if role == "staff" else "CORRESP",
        filing_date=D(date),
        cik=company.cik,
        company_id=company.id,
        company_name=company.name,
        role=role,
        kind=kind,
        date=D(date),
        office=office,
        parser_version="fictional",
        parsed_at=NOW,
        review_id=review.id,
    )
    row.filings = [
        schema.LetterFiling(position=i, form=form, file_number="001-99999")
        for i, form in enumerate(forms)
    ]
    session.add(row)
    session.flush()
    return row


def comment_round(
    session: Session,
    named: dict[str, int],
    company: schema.Company,
    review: schema.Review,
    number: int,
    *,
    sent: str,
    due: str,
    answered: str | None,
    office: str,
    forms: tuple[str, ...],
) -> schema.Round:
    """A comment letter, its round, and the response when `answered`."""
    staff = letter(
        session,
        company,
        review,
        role="staff",
        kind="comments",
        date=sent,
        office=office,
        forms=forms,
    )
    response = (
        letter(session, company, review, role="company", kind="response", date=answered)
        if answered
        else None
    )
    round_ = schema.Round(
        review_id=review.id,
        number=number,
        staff_letter_id=staff.id,
        due=D(due),
        response_letter_id=response.id if response else None,
        answered=D(answered) if answered else None,
    )
    session.add(round_)
    session.flush()
    staff.round_id = round_.id
    if response is not None:
        response.round_id = round_.id
    add_comments(session, staff, response, COMMENTS[(review.id, number)], named)
    return round_


def review(
    session: Session, company: schema.Company, opened: str, closed: str | None
) -> schema.Review:
    row = schema.Review(
        company_id=company.id,
        opened=D(opened),
        closed=D(closed) if closed else None,
        status="closed" if closed else "open",
        file_numbers=["1-99999"],
    )
    session.add(row)
    session.flush()
    return row


def build(store: Store) -> dict[str, int]:
    """Write the four reviews; returns the ids of the two companies."""
    with store.write() as session:
        alpha = schema.Company(
            cik="0009999991",
            name="Fictional Alpha Corp",
            filer_category="Large Accelerated Filer",
            sic="3714",
            industry="Motor Vehicle Parts & Accessories",
        )
        beta = schema.Company(
            cik="0009999992",
            name="Fictional Beta Inc.",
            filer_category="Non-accelerated Filer",
            sic="7372",
            industry="Services-Prepackaged Software",
        )
        session.add_all([alpha, beta])
        session.flush()
        finance, technology = "Office of Finance", "Office of Technology"
        named: dict[str, int] = {}

        one = review(session, alpha, "2021-03-01", "2021-04-05")
        comment_round(
            session,
            named,
            alpha,
            one,
            1,
            sent="2021-03-01",
            due="2021-03-15",
            answered="2021-03-12",
            office=finance,
            forms=("10-K",),
        )
        letter(
            session, alpha, one, role="staff", kind="completion", date="2021-04-05", office=finance
        )

        two = review(session, alpha, "2021-10-04", "2022-01-10")
        comment_round(
            session,
            named,
            alpha,
            two,
            1,
            sent="2021-10-04",
            due="2021-10-18",
            answered="2021-10-25",
            office=finance,
            forms=("10-Q", "10-K/A"),
        )
        letter(session, alpha, two, role="company", kind="other", date="2021-10-15")
        comment_round(
            session,
            named,
            alpha,
            two,
            2,
            sent="2021-11-15",
            due="2021-11-30",
            answered="2021-11-29",
            office=finance,
            forms=("10-Q",),
        )
        letter(
            session, alpha, two, role="staff", kind="completion", date="2022-01-10", office=finance
        )

        three = review(session, beta, "2022-05-02", None)
        comment_round(
            session,
            named,
            beta,
            three,
            1,
            sent="2022-05-02",
            due="2022-05-16",
            answered=None,
            office=technology,
            forms=("S-1",),
        )

        four = review(session, beta, "2022-02-01", "2022-04-21")
        for number, (sent, due, answered) in enumerate(
            [
                ("2022-02-01", "2022-02-15", "2022-02-10"),
                ("2022-03-01", "2022-03-15", "2022-03-10"),
                ("2022-04-01", "2022-04-15", "2022-04-08"),
            ],
            1,
        ):
            comment_round(
                session,
                named,
                beta,
                four,
                number,
                sent=sent,
                due=due,
                answered=answered,
                office=technology,
                forms=("10-K",),
            )
        letter(
            session,
            beta,
            four,
            role="staff",
            kind="completion",
            date="2022-04-21",
            office=technology,
        )
        refresh_trend_facts(session, {alpha.id, beta.id})  # as ingest's thread stage does
        return {"alpha": alpha.id, "beta": beta.id}
