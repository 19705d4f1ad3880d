"""Write an issued staff letter as HTML, DOCX and PDF, and check it reads back.

The PDF is the DOCX converted by LibreOffice (`libreoffice --headless --convert-to pdf`, the
Debian package libreoffice-writer-nogui). `read_back` parses a written letter with the same
reading rules as `reviewdesk parse`, and `mismatches` names every comment that would not read
back exactly as written, so nothing is issued that the record would misread.
"""

from __future__ import annotations

import html
import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.shared import Pt

from reviewdesk.errors import ReviewDeskError
from reviewdesk.letters import Comment, Letter, parse_bytes
from reviewdesk.services.drafting.wording import ADDRESS, long_date
from reviewdesk.workflow.letter_model import LetterComment, StaffLetter, paragraphs

CONVERT_SECONDS = 120
CAPTION_WIDTH = 70
"""Characters of a caption line in the PDF before it is broken (the page holds about 85)."""
_JOINING = frozenset("and of the for to in on or with by a an".split())


STYLE = (
    "body{font-family:'Times New Roman',serif;max-width:44em;margin:2em auto;line-height:1.35}"
    "p{margin:0 0 .9em}.caption{font-weight:bold;text-decoration:underline}.tight{margin:0}"
)
"""The letter's look: embedded in the letter file, served as /styles/letter.css by the desk."""


class RenderError(ReviewDeskError, RuntimeError):
    """A letter cannot be written; the message says why and what to do."""


def _groups(letter: StaffLetter) -> Iterator[tuple[str | None, LetterComment]]:
    """Each comment with the caption line to print above it (None: same caption as before)."""
    previous: str | None = None
    for comment in letter.comments:
        line = comment.caption_line
        yield (line if line != previous else None), comment
        previous = line


def render_html(letter: StaffLetter) -> str:
    """The letter as a standalone HTML page (every text escaped)."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(letter.company)}: letter of {e(long_date(letter.date))}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<p>{e(long_date(letter.date))}</p>",
    ]
    head = [letter.addressee, letter.addressee_title, letter.company, *letter.address]
    out.append("<p>" + "<br>".join(e(line) for line in head if line) + "</p>")
    re_lines = letter.re_lines()
    out.append(
        f"<p>Re: {e(re_lines[0])}<br>" + "<br>".join(e(line) for line in re_lines[1:]) + "</p>"
    )
    out.append(f"<p>{e(letter.salutation())}</p>")
    out.extend(f"<p>{e(text)}</p>" for text in letter.opening())
    for caption, comment in _groups(letter):
        if caption is not None:
            out.append(f'<p class="caption"><b><u>{e(caption)}</u></b></p>')
        first, *rest = paragraphs(comment.text)
        out.append(f"<p>{comment.number}. {e(first)}</p>")
        out.extend(f"<p>{e(text)}</p>" for text in rest)
    out.extend(f"<p>{e(text)}</p>" for text in letter.closing())
    out.append("<p>Sincerely,</p>")
    out.append("<p>" + "<br>".join(e(line) for line in letter.signature()) + "</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def caption_lines(caption: str, width: int = CAPTION_WIDTH) -> list[str]:
    """A long caption broken after a joining word ("of", "and" ...), as staff letters wrap
    captions, so the reading joins its lines again instead of taking them as stacked captions."""
    words = caption.split()
    lines: list[str] = []
    while len(" ".join(words)) > width:
        cut = next(
            (
                i
                for i in range(len(words) - 1, 0, -1)
                if len(" ".join(words[:i])) <= width and words[i - 1].lower() in _JOINING
            ),
            None,
        )
        if cut is None:
            break
        lines.append(" ".join(words[:cut]))
        words = words[cut:]
    return [*lines, " ".join(words)]


def render_docx(letter: StaffLetter) -> bytes:
    """The letter as DOCX bytes (python-docx), the source of the PDF."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    style.paragraph_format.space_after = Pt(12)

    def para(lines: list[str], *, caption: bool = False) -> None:
        paragraph = document.add_paragraph()
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold = caption
            run.underline = caption
            if index + 1 < len(lines):
                run.add_break()

    para([long_date(letter.date)])
    head = [letter.addressee, letter.addressee_title, letter.company, *letter.address]
    para([line for line in head if line])
    re_lines = letter.re_lines()
    para([f"Re: {re_lines[0]}", *re_lines[1:]])
    para([letter.salutation()])
    for text in letter.opening():
        para([text])
    for caption, comment in _groups(letter):
        if caption is not None:
            para(caption_lines(caption), caption=True)
        first, *rest = paragraphs(comment.text)
        para([f"{comment.number}. {first}"])
        for text in rest:
            para([text])
    for text in letter.closing():
        para([text])
    para(["Sincerely,"])
    para(letter.signature())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_pdf(letter: StaffLetter) -> bytes:
    """The letter as PDF: its DOCX converted by LibreOffice in a private profile."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        raise RenderError(
            "LibreOffice is not installed, so the PDF cannot be made; install it with "
            "`apt-get install -y libreoffice-writer-nogui`"
        )
    with tempfile.TemporaryDirectory(prefix="reviewdesk-letter-") as folder:
        work = Path(folder)
        source = work / "letter.docx"
        source.write_bytes(render_docx(letter))
        try:
            subprocess.run(
                [
                    office,
                    f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(work),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=CONVERT_SECONDS,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise RenderError(f"LibreOffice could not convert the letter to PDF ({exc})") from exc
        target = work / "letter.pdf"
        if not target.is_file():
            raise RenderError("LibreOffice ran but wrote no PDF; run it by hand to see why")
        return target.read_bytes()


def read_back(data: bytes, name: str) -> Letter:
    """The letter as `reviewdesk parse` reads it."""
    return parse_bytes(data, name)


def expected_comments(letter: StaffLetter) -> list[Comment]:
    """What the reading of the letter must give: every comment, number, caption, page, text."""
    return [
        Comment(c.number, c.heading, c.page, "\n\n".join(paragraphs(c.text)))
        for c in letter.comments
    ]


def mismatches(letter: StaffLetter, reading: Letter) -> list[str]:
    """How the reading differs from the comments written (empty when it reads back exactly)."""
    if reading.error:
        return [f"the letter cannot be read: {reading.error}"]
    problems: list[str] = []
    want = expected_comments(letter)
    if len(reading.comments) != len(want):
        problems.append(f"{len(want)} comments written but {len(reading.comments)} read back")
    for wanted, got in zip(want, reading.comments, strict=False):
        for name in ("number", "heading", "page", "text"):
            if getattr(wanted, name) != getattr(got, name):
                problems.append(
                    f"comment {wanted.number}: {name} reads back as {getattr(got, name)!r}, "
                    f"not {getattr(wanted, name)!r}"
                )
    expected_kind = "completion" if letter.kind == "completion" else "comments"
    if reading.kind != expected_kind:
        problems.append(f"the letter reads as kind {reading.kind!r}, not {expected_kind!r}")
    return problems


__all__ = [
    "ADDRESS",
    "RenderError",
    "expected_comments",
    "mismatches",
    "read_back",
    "render_docx",
    "render_html",
    "render_pdf",
]
