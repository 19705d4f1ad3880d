"""The ingest pipeline, read -> classify -> store -> thread -> index, as every way a letter
arrives uses it: files (`ingest_paths`), one document at a time (`Batch`: EDGAR fetch,
publishing a desk review), a re-read of what is stored (`reparse`), and start-up (`settle`).
Documents are read in bounded reader processes and stored a small group per transaction
(`record.batch`; one at a time for `Batch`); threading and the index then run
once, for the companies the batch touched (those a file batch has stored every letter of
are threaded while it still reads the rest)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import TracebackType

from reviewdesk import letters
from reviewdesk.documents import SubmissionHeader
from reviewdesk.pipeline.index import advance, index
from reviewdesk.pipeline.read import read, read_bounded
from reviewdesk.pipeline.stages import after_index
from reviewdesk.pipeline.thread import thread, thread_ahead
from reviewdesk.record.batch import ItemOdds, Summary, store_paths
from reviewdesk.record.fulltext import TierAdvance
from reviewdesk.record.ingest import IngestOutcome, Status, digest, find_duplicate, record_reading
from reviewdesk.record.manifest import Manifest
from reviewdesk.record.reparse import Reparsed, ReparseSummary
from reviewdesk.record.reparse import reparse as reparse_stored
from reviewdesk.record.store import Store
from reviewdesk.reviews import RebuildSummary


@dataclass(frozen=True, slots=True)
class Settled:
    """What the stages after storing did: the threading run (None: nothing to thread),
    whether the search index had to be rebuilt, and the recent indexes advanced (SQLite)."""

    threading: RebuildSummary | None
    index_rebuilt: bool
    recent_advanced: list[TierAdvance] = field(default_factory=list)


def settle(
    store: Store,
    letter_ids: Iterable[int] = (),
    threaded: Collection[int] = (),
    odds: ItemOdds | None = None,
) -> Settled:
    """Thread the companies of `letter_ids` (less those `threaded` already while storing;
    `odds`: their items' topic odds from the read stage) and of any letter not yet threaded,
    make sure the search index is in place (also run when the desk starts), then run the
    stages added after it (pipeline.stages) for the letters stored."""
    stored = list(letter_ids)
    done = set(threaded)
    threading = thread(store, [letter_id for letter_id in stored if letter_id not in done], odds)
    settled = Settled(threading, index(store), advance(store))
    after_index(store, stored)
    return settled


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    manifest: Manifest | str | Path | None = None,
    jobs: int | None = None,
    progress: Callable[[IngestOutcome], None] | None = None,
) -> Summary:
    """Read, classify and store every document under `paths` (`jobs` reader processes;
    documents already stored are recognised, not read), threading each company as soon as
    its last letter is stored, then thread what is left and index once."""
    summary = store_paths(
        store,
        paths,
        manifest,
        jobs,
        progress,
        reader=read,
        thread_ahead=partial(thread_ahead, store),
    )
    settled = settle(store, summary.letter_ids, summary.threaded_ahead, summary.topic_odds)
    summary.topic_odds = {}
    summary.reviews_rebuilt = True
    summary.recent_advanced = [a.report() for a in settled.recent_advanced]
    return summary


def reparse(
    store: Store,
    *,
    jobs: int | None = None,
    stale_only: bool = False,
    progress: Callable[[Reparsed], None] | None = None,
) -> ReparseSummary:
    """Re-read and re-classify stored documents (all, or the stale ones: read by an older
    parser or labelled by another classifier), update their letters in place, then thread and
    index once."""
    summary = reparse_stored(
        store, jobs=jobs, stale_only=stale_only, progress=progress, reader=read
    )
    settle(store, summary.letter_ids)
    summary.reviews_rebuilt = True
    return summary


@dataclass
class Batch:
    """Documents that arrive one at a time: each is read, classified and stored as it comes;
    `finish` (or the end of a `with` block) threads and indexes once for all of them."""

    store: Store
    letter_ids: list[int] = field(default_factory=list)

    def add(
        self,
        data: bytes,
        *,
        source: str,
        accession: str | None = None,
        cik: str | None = None,
        company: str | None = None,
        form: str | None = None,
        filed: str | None = None,
    ) -> IngestOutcome:
        """Store one document named `source`; the keyword fields (from a manifest or an EDGAR
        index) fill what the document itself does not say."""
        given = SubmissionHeader(
            accession=accession, cik=cik, company=company, form=form, filed=filed
        )
        return self.known(data, source, given) or self.keep(
            data, read_bounded(data, source), source=source, given=given
        )

    def known(self, data: bytes, source: str, given: SubmissionHeader) -> IngestOutcome | None:
        """The outcome for a document already in the record (same bytes or accession)."""
        return find_duplicate(self.store, digest(data), given, source)

    def keep(
        self, data: bytes, reading: letters.Letter, *, source: str, given: SubmissionHeader
    ) -> IngestOutcome:
        """Store a reading made by the read stage (for a caller that looks at it first)."""
        outcome = record_reading(self.store, data, reading, source=source, given=given)
        if outcome.status in (Status.stored, Status.stored_with_error) and outcome.letter_id:
            self.letter_ids.append(outcome.letter_id)
        return outcome

    def finish(self) -> Settled:
        """Thread and index what this batch stored."""
        done = settle(self.store, self.letter_ids)
        self.letter_ids = []
        return done

    def __enter__(self) -> Batch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.finish()


def ingest_bytes(store: Store, data: bytes, *, source: str, **given: str | None) -> IngestOutcome:
    """One document through the whole pipeline (a batch of one); `given` as for `Batch.add`."""
    with Batch(store) as batch:
        return batch.add(data, source=source, **given)
