"""The summary of a marked copy: what changed under each caption, in the order of the filing."""

from __future__ import annotations

from reviewdesk.services.redline.model import Entry, Redline, SectionChange, Segment


def changed_sections(redline: Redline) -> list[SectionChange]:
    """One SectionChange per caption with a change, in order of the first change under it.

    A deletion or the old place of a moved block counts under the caption it had in the old
    version; everything else under its caption in the new version.
    """
    found: dict[str | None, SectionChange] = {}
    for index, entry in redline.changed_entries():
        caption = entry.section
        change = found.get(caption)
        if change is None:
            change = found[caption] = SectionChange(caption, [], first_entry=index)
        if entry.page not in change.pages:
            change.pages.append(entry.page)
        _count(change, entry)
    for change in found.values():
        change.pages.sort()
    return list(found.values())


def _count(change: SectionChange, entry: Entry) -> None:
    if entry.kind == "inserted" and entry.new is not None:
        change.inserted_blocks += 1
        change.inserted_words += entry.new.words
    elif entry.kind == "deleted" and entry.old is not None:
        change.deleted_blocks += 1
        change.deleted_words += entry.old.words
    elif entry.kind == "changed":
        change.changed_blocks += 1
        _count_segments(change, entry.segments)
    elif entry.kind == "moved_to":
        change.moved_blocks += 1
        _count_segments(change, entry.segments)
    elif entry.kind == "moved_from":
        change.moved_away_blocks += 1
    elif entry.kind == "table":
        change.changed_tables += 1
        for row in entry.rows:
            for cell in row.cells:
                _count_segments(change, cell)


def _count_segments(change: SectionChange, segments: list[Segment]) -> None:
    for segment in segments:
        if segment.op == "insert":
            change.inserted_words += len(segment.text.split())
        elif segment.op == "delete":
            change.deleted_words += len(segment.text.split())


def page_span(pages: list[int]) -> str:
    """Pages as a reader writes them: '4', '4-6', '2, 5, 9-10'."""
    spans: list[str] = []
    run: list[int] = []
    for page in sorted(set(pages)):
        if run and page == run[-1] + 1:
            run.append(page)
            continue
        if run:
            spans.append(_span(run))
        run = [page]
    if run:
        spans.append(_span(run))
    return ", ".join(spans)


def _span(run: list[int]) -> str:
    return str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}"
