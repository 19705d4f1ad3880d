"""What a read document is: lines of styled runs, page by page, with the EDGAR header if any."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(slots=True)
class Line:
    """One line of a PDF page, or one paragraph / table row of an HTML or text document.

    `indent` is the left edge in points for PDF lines (0 elsewhere). `gap_before` is the
    space above the line: for PDF, the extra baseline distance over the font size (about 0.15
    inside a paragraph, 1 or more between paragraphs; 0 for a page's first line); for HTML
    and text, 1.0 where a blank line or a block boundary precedes the line, else 0. `fill` is
    how far a PDF line reaches towards the page's right margin (1.0 = all the way: a wrapped
    line), 0 elsewhere.
    """

    runs: list[Run]
    page: int = 1
    indent: float = 0.0
    gap_before: float = 0.0
    fill: float = 0.0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    def _styled(self, attribute: str) -> bool:
        """Nearly all visible characters carry the style (a plain "1." before a bold comment
        still leaves the line bold)."""
        total = styled = 0
        for run in self.runs:
            size = len(run.text.strip())
            total += size
            if getattr(run, attribute):
                styled += size
        return total > 0 and styled >= 0.85 * total

    @property
    def bold(self) -> bool:
        """The line is set in bold (see `_styled`)."""
        return self._styled("bold")

    @property
    def italic(self) -> bool:
        return self._styled("italic")

    @property
    def underline(self) -> bool:
        return self._styled("underline")

    @property
    def emphasised(self) -> bool:
        """Bold, italic or underlined throughout: how letters set captions and restated comments."""
        return self.bold or self.italic or self.underline

    def leading_emphasis(self) -> str:
        """The text of the emphasised runs the line starts with (e.g. a bold 'Response:')."""
        out: list[str] = []
        for run in self.runs:
            if not run.text.strip():
                out.append(run.text)
                continue
            if not (run.bold or run.italic or run.underline):
                break
            out.append(run.text)
        return "".join(out).strip()


@dataclass(frozen=True, slots=True)
class SubmissionHeader:
    """Fields of an EDGAR `<SEC-HEADER>` (full-submission .txt) or of a `<DOCUMENT>` wrapper,
    as written there; the accession is checked where it is used (letters.identifiers)."""

    accession: str | None = None
    cik: str | None = None
    company: str | None = None
    form: str | None = None
    filed: str | None = None


@dataclass(slots=True)
class Document:
    """A document read into lines, in reading order, running headers and footers removed."""

    source: str
    media_type: str
    lines: list[Line]
    pages: int = 1
    header: SubmissionHeader = field(default_factory=SubmissionHeader)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
