"""The ingest pipeline above the record: read -> classify -> store -> thread -> index, one
small module per stage, used by every way a letter arrives (ingest, reparse, EDGAR fetch,
publishing a desk review, demo, serve start-up)."""

from reviewdesk.pipeline.run import Batch, Settled, ingest_bytes, ingest_paths, reparse, settle
from reviewdesk.pipeline.stages import add_stage, remove_stage
from reviewdesk.pipeline.thread import thread, thread_all

__all__ = [
    "Batch",
    "Settled",
    "add_stage",
    "ingest_bytes",
    "ingest_paths",
    "remove_stage",
    "reparse",
    "settle",
    "thread",
    "thread_all",
]
