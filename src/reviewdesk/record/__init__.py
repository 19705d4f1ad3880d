"""Record layer: the store (SQLite or PostgreSQL, migrated on open), the pipeline's store
stage (idempotent, transactional storing of documents with their bytes, readings and
errors; re-reading them in place), the full-text index, and export."""

import reviewdesk.record.audit_chain  # noqa: F401  (chains audit entries as they are written)
from reviewdesk.record.batch import Summary, list_documents
from reviewdesk.record.ingest import IngestOutcome, Status
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
    "list_documents",
    "open_store",
    "read_manifest",
]
