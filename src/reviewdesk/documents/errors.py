"""The one error a document can raise: it names the document and says why."""


class DocumentError(Exception):
    """A document could not be read; `source` names it and `reason` says why and what to do."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
