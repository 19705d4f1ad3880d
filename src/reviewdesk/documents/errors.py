"""The one error a document can raise: it names the document and says why."""

from __future__ import annotations

from reviewdesk.errors import Invalid


class DocumentError(Invalid):
    """A document could not be read; `source` names it and `reason` says why and what to do."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[DocumentError], tuple[str, str]]:
        """Rebuilt from source and reason, so it crosses from a reader process intact."""
        return DocumentError, (self.source, self.reason)
