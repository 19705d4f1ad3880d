"""People correcting what a comment is about or asks, or how an answer answers: staff and
analysts only, each change audited (who, which item, the codes before and after) and kept as
that person's label, which no re-reading overwrites."""

from __future__ import annotations

from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.letters.vocabulary import Facet
from reviewdesk.record import schema
from reviewdesk.record.labels import Item, LabelError, effective_codes, set_person_labels
from reviewdesk.workflow import trail
from reviewdesk.workflow.errors import NotAllowed, NotFound, WorkflowInputError


def labelled_item(session: Session, item: Item, item_id: int) -> schema.Comment | schema.Response:
    """The comment or response with this id; NotFound when the record has none."""
    found: schema.Comment | schema.Response | None = (
        session.get(schema.Comment, item_id)
        if item == "comment"
        else session.get(schema.Response, item_id)
    )
    if found is None:
        raise NotFound(f"no {item} with id {item_id} in the record")
    return found


def correct_labels(
    session: Session,
    who: Principal,
    item: Item,
    item_id: int,
    changes: dict[Facet, list[str]],
    *,
    restore: tuple[Facet, ...] = (),
) -> list[Facet]:
    """Set `who`'s codes for each facet in `changes` that differs from what counts now, and
    hand each facet in `restore` back to the machine; returns the facets changed. NotAllowed
    for anyone but staff and analysts, WorkflowInputError for codes the vocabulary refuses."""
    if not who.role.labels:
        raise NotAllowed(
            f"{who.username}: only staff and analysts correct topics, asks and answers"
        )
    labelled_item(session, item, item_id)
    changed: list[Facet] = []
    wanted: dict[Facet, list[str]] = {facet: [] for facet in restore}
    for facet, codes in changes.items():
        if not codes:
            raise WorkflowInputError(
                f"no {facet} codes given for {item} {item_id}; choose at least one "
                "(or restore the machine's reading)"
            )
        wanted[facet] = codes
    for facet, codes in wanted.items():
        if codes and codes == effective_codes(session, item, item_id, facet):
            continue
        try:
            before, after = set_person_labels(session, item, item_id, facet, codes, who.username)
        except LabelError as exc:
            raise WorkflowInputError(str(exc)) from exc
        trail.write(
            session,
            who,
            "labels.corrected" if codes else "labels.restored",
            f"{item}:{item_id}",
            {"facet": facet, "before": before, "after": after},
        )
        changed.append(facet)
    return changed
