"""Show an HTML letter safely: keep its text and plain structure (paragraphs, tables, lists,
emphasis, safe links) and drop scripts, event handlers, styles, remote loads, forms and
frames. Every letter is untrusted; this is an allow-list, not a block-list.

Emphasis that EDGAR's converters write as inline style (`<font style="font-style:italic;
text-decoration:underline">`: how company letters mark revised disclosure, "added text is
underlined") is kept as `<b>`, `<i>` and `<u>` elements before the styles are dropped."""

from __future__ import annotations

import html
import re

import lxml.html
from lxml import etree

from reviewdesk.documents.errors import DocumentError
from reviewdesk.documents.html import css_emphasis
from reviewdesk.documents.sgml import unwrap

KEEP = frozenset(
    "p div span br hr b strong i em u s sub sup small big center font "
    "h1 h2 h3 h4 h5 h6 blockquote pre code ul ol li dl dt dd "
    "table thead tbody tfoot tr td th caption colgroup col a".split()
)
"""Elements kept (without attributes, except those in ATTRIBUTES)."""

DROP = frozenset(
    "script style iframe frame frameset object embed applet form input button select "
    "textarea option optgroup label fieldset legend link meta base title head svg math "
    "noscript template audio video source track canvas img picture map area param portal "
    "dialog".split()
)
"""Elements dropped with everything inside them (their tail text is kept)."""

ATTRIBUTES = {"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
SAFE_HREF = re.compile(r"^(?:https?:|mailto:|#)", re.IGNORECASE)
EMPTY = '<div class="original-html"></div>'
"""What a letter with no markup to show (only comments, say) is shown as."""
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def safe_href(value: str) -> str | None:
    """The link target when it is http(s), mailto or an in-page fragment; None otherwise."""
    cleaned = _INVISIBLE.sub("", html.unescape(value))
    return cleaned if SAFE_HREF.match(cleaned) else None


def sanitise_html(markup: str) -> str:
    """The letter's HTML reduced to safe structure and text, as a fragment for a page."""
    if not markup.strip():
        return ""
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        # As bytes with the encoding given: lxml refuses a str carrying an XML declaration.
        root = lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except etree.ParserError:  # nothing but comments or white space: nothing to show
        return EMPTY
    body = root.find("body")
    container = body if body is not None else root
    for node in list(container.iter()):
        if node is container:
            continue
        if not isinstance(node, lxml.html.HtmlElement) or not isinstance(node.tag, str):
            _remove(node)
            continue
        tag = node.tag.lower()
        if tag in DROP:
            node.drop_tree()
        elif tag not in KEEP:
            node.drop_tag()
        else:
            _keep_emphasis(node)
            _clean_attributes(node, tag)
    container.tag = "div"
    container.attrib.clear()
    container.set("class", "original-html")
    return str(lxml.html.tostring(container, encoding="unicode", method="html"))


def _remove(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def _keep_emphasis(node: lxml.html.HtmlElement) -> None:
    """Wrap the content of an element whose style sets bold, italic or underline in `<b>`,
    `<i>` or `<u>`, so the emphasis outlives the style attribute."""
    style = node.get("style")
    if not style:
        return
    declared = css_emphasis(style)
    for tag, wanted in (("u", declared.underline), ("i", declared.italic), ("b", declared.bold)):
        if not wanted or not (node.text or len(node)):
            continue
        wrapper = lxml.html.Element(tag)
        wrapper.text, node.text = node.text, None
        for child in list(node):
            wrapper.append(child)
        node.append(wrapper)


def _clean_attributes(node: lxml.html.HtmlElement, tag: str) -> None:
    allowed = ATTRIBUTES.get(tag, set())
    for name in list(node.attrib):
        if name.lower() not in allowed:
            del node.attrib[name]
    if tag == "a":
        href = safe_href(node.get("href", "")) if node.get("href") else None
        if href is None:
            node.attrib.pop("href", None)
        else:
            node.set("href", href)
            node.set("rel", "noopener noreferrer nofollow")


def document_html(data: bytes, source: str) -> str:
    """The HTML (or plain text) inside a stored document, as a sanitised fragment."""
    body = data
    if b"<DOCUMENT>" in data[:65536].upper():
        try:
            body, _header = unwrap(data, source)
        except DocumentError:
            body = data
    text = body.decode("utf-8", errors="replace")
    if re.search(r"<(html|body|p|div|table|font|br)\b", text[:65536], re.IGNORECASE):
        return sanitise_html(text)
    return f'<pre class="original-text">{html.escape(text)}</pre>'
