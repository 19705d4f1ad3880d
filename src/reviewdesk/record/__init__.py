"""Record layer: the store (SQLite or PostgreSQL, migrated on open), idempotent ingest of
documents with their bytes, readings and errors, reparse, and export."""

import reviewdesk.record.audit_chain  # noqa: F401  (chains audit entries as they are written)
from reviewdesk.record.batch import Summary, ingest_paths, list_documents
from reviewdesk.record.ingest import IngestOutcome, Status, ingest_bytes, rebuild_reviews
from reviewdesk.record.manifest import Manifest, ManifestError, read_manifest
from reviewdesk.record.store import Store, StoreError, default_path, open_store

__all__ = [
    "IngestOutcome",
    "Manifest",
    "ManifestError",
    "Status",
    "Store",
    "StoreError",
    "Summary",
    "default_path",
    "ingest_bytes",
    "ingest_paths",
    "list_documents",
    "open_store",
    "read_manifest",
    "rebuild_reviews",
]
