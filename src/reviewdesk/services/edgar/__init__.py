"""EDGAR download: companies' correspondence by ticker or CIK, whole quarters from the full
index, and the daily feed, under the SEC's fair-access rules; resumable and idempotent."""

from reviewdesk.services.edgar.client import EdgarClient, EdgarError, EdgarForbidden
from reviewdesk.services.edgar.config import EdgarConfig, EdgarConfigError, from_environment
from reviewdesk.services.edgar.filings import Filing
from reviewdesk.services.edgar.indexes import Quarter
from reviewdesk.services.edgar.plan import Plan, Targets, make_plan
from reviewdesk.services.edgar.runner import FetchReport, run
from reviewdesk.services.edgar.sink import DocumentSink, StoreSink
from reviewdesk.services.edgar.state import FetchState
from reviewdesk.services.edgar.submissions import Window

__all__ = [
    "DocumentSink",
    "EdgarClient",
    "EdgarConfig",
    "EdgarConfigError",
    "EdgarError",
    "EdgarForbidden",
    "FetchReport",
    "FetchState",
    "Filing",
    "Plan",
    "Quarter",
    "StoreSink",
    "Targets",
    "Window",
    "from_environment",
    "make_plan",
    "run",
]
