"""Markdown as GitHub renders it, for tests: cmark-gfm (``cmarkgfm``, GitHub's own fork of cmark,
with its table, autolink, strikethrough and tag-filter extensions) turns it into HTML, and the
standard library's ``html.parser`` reads that into a tree to check.

Raw HTML is let through (``CMARK_OPT_UNSAFE``, as GitHub does before its sanitiser), so a tag that
came from the data would show as an element. GitHub also links mentions (``@name``), issue
references (``#12``) and emoji codes (``:name:``) in the rendered text; cmark-gfm does not, so
``links_in_text`` finds what GitHub would link there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

#: Elements that never have content (html.parser sees no end tag for them).
VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
#: The text that GitHub turns into a link or an emoji after rendering: a mention or an email's
#: ``@``, an issue reference's ``#``, an emoji code's ``:``, with a name right after it.
GITHUB_TEXT_LINK = re.compile(r"[@#:](?:\w|[+-])")
ZERO_WIDTH_SPACE = "\u200b"


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """Everything the element shows, as text (entities decoded)."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> list[Element]:
        """This element and every element inside it, in document order."""
        found = [self]
        for child in self.children:
            if isinstance(child, Element):
                found += child.walk()
        return found

    def texts(self) -> list[str]:
        """Every text node inside, in document order."""
        found: list[str] = []
        for child in self.children:
            found += [child] if isinstance(child, str) else child.texts()
        return found

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.walk() if e.tag == tag]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.open[-1].tag == tag, f"</{tag}> closes <{self.open[-1].tag}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.open[-1].children.append(Element("#comment", {"text": data}))


def render(markdown: str) -> Element:
    """``markdown`` rendered by cmark-gfm and read back as a tree of elements."""
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.open == [builder.root], f"unclosed elements in {html!r}"
    return builder.root


def cells(table: Element) -> list[list[str]]:
    """The rows of a ``table`` element, header first, each a list of its cells' texts with the
    zero-width spaces that break GitHub's text links removed."""
    return [
        [cell.text().replace(ZERO_WIDTH_SPACE, "") for cell in row.walk() if cell.tag in ("th", "td")]
        for row in table.find("tr")
    ]


def links_in_text(tree: Element) -> list[str]:
    """What GitHub would link in the rendered text (mentions, emails, references, emoji); it
    leaves code alone, but this looks there too."""
    return [m.group() for text in tree.texts() for m in GITHUB_TEXT_LINK.finditer(text)]
