"""Main-content extraction: the page's title and its text, one paragraph per line."""

from __future__ import annotations

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from .document import Document
from .stage import Stage, register


def extract_main(html: str) -> tuple[str, str]:
    """(title, main text) of an HTML page; text has one non-empty paragraph per line."""
    tree = HTMLTree.parse(html)
    title = " ".join((tree.title or "").split())
    text = extract_plain_text(tree, main_content=True, preserve_formatting=True,
                              list_bullets=False, alt_texts=False, noscript=False)
    lines = (line.strip() for line in text.splitlines())
    return title, "\n".join(line for line in lines if line)


@register
class Extract(Stage):
    """HTML to title + main text; plain-text records (WET) pass through as they are."""

    name = "extract"

    def process(self, doc: Document) -> str | None:
        if doc.content_type == "text/plain":
            lines = (line.strip() for line in doc.html.splitlines())
            doc.text = "\n".join(line for line in lines if line)
        else:
            doc.title, doc.text = extract_main(doc.html)
        doc.html = ""
        return None if doc.text else "no_text"
