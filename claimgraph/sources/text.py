"""Read plain-text and Markdown files: the document text is the file's text.

Nothing is stripped or normalised, because character offsets found later
index ``RawDocument.text``; only the title is taken out and trimmed.

Examples
--------
>>> doc, = read_markdown("# PM launches hashtag\\n\\nBody.\\n", "a.md", "utf-8")
>>> doc.title, doc.text
('PM launches hashtag', '# PM launches hashtag\\n\\nBody.\\n')
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimgraph.model import RawDocument

__all__ = ["read_text", "read_markdown", "text_title", "markdown_title"]

_H1 = re.compile(r"^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_FENCES = ("```", "~~~")


def read_text(text: str, source: str, encoding: str) -> Iterator[RawDocument]:
    """Yield the one document of a plain-text file, titled by its first non-empty line.

    Examples
    --------
    >>> [doc.title for doc in read_text("\\n  Title line  \\nBody", "a.txt", "utf-8")]
    ['Title line']
    """
    yield RawDocument(
        text=text, source=source, format="text", title=text_title(text), encoding=encoding
    )


def read_markdown(text: str, source: str, encoding: str) -> Iterator[RawDocument]:
    """Yield the one document of a Markdown file, titled by its first ``#`` heading."""
    yield RawDocument(
        text=text, source=source, format="markdown", title=markdown_title(text), encoding=encoding
    )


def text_title(text: str) -> str | None:
    """Return the first non-empty line of ``text``, trimmed, or ``None``.

    Examples
    --------
    >>> text_title("\\n\\n  Massimov's hashtag backfires \\nAfter a lengthy hiatus...")
    "Massimov's hashtag backfires"
    """
    return next((line.strip() for line in text.splitlines() if line.strip()), None)


def markdown_title(text: str) -> str | None:
    """Return the first level-one heading of Markdown ``text``, or failing that its first line.

    ATX headings (``# Title``) come first, then Setext ones (``Title`` over
    ``=====``). Headings inside fenced code blocks and YAML front matter are
    ignored.

    Examples
    --------
    >>> markdown_title("```sh\\n# not a title\\n```\\n## Section\\n# Title #\\n")
    'Title'
    >>> markdown_title("Title\\n=====\\n\\nBody")
    'Title'
    >>> markdown_title("---\\nlayout: post\\n---\\nFirst line\\n")
    'First line'
    """
    lines = _prose_lines(text)
    for line in lines:
        match = _H1.match(line)
        if match and match.group(1).strip():
            return match.group(1).strip()
    for previous, line in zip(lines, lines[1:], strict=False):
        if previous.strip() and _SETEXT_H1.match(line):
            return previous.strip()
    return text_title("\n".join(lines))


def _prose_lines(text: str) -> list[str]:
    """Return the lines of ``text`` outside front matter and fenced code blocks."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        closing = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        if closing is not None:
            lines = lines[closing + 1 :]
    prose: list[str] = []
    fence: str | None = None
    for line in lines:
        marker = line.lstrip()[:3]
        if fence is None and marker in _FENCES:
            fence = marker
        elif fence is not None and marker == fence:
            fence = None
        elif fence is None:
            prose.append(line)
    return prose
