"""Project text in Markdown (council attachments, ``hanke diff -f md``): text stays text.

HTML is escaped as entities (no tags, no <javascript:…> autolinks) and Markdown's inline
markers with a backslash (no emphasis, code, links or table cells from project text); line
breaks become spaces, and a line's first characters cannot start a heading, list, quote or
code block.
"""

from __future__ import annotations

import re

_MD_INLINE = re.compile(r"([\\`*_\[\]~|#!])")
_MD_BLOCK_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def md_inline(text: str) -> str:
    """Project text for the inside of a Markdown line."""
    text = re.sub(r"\s*[\r\n]+\s*", " ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_INLINE.sub(r"\\\1", text)


def md_block(text: str) -> str:
    """Project text that starts a Markdown line (a heading, paragraph or list item)."""
    text = md_inline(text).lstrip()
    found = _MD_BLOCK_START.match(text)
    if found is None:
        return text
    if found.group(1)[0].isdigit():  # "2024. vuosi" would start a numbered list
        end = found.end()
        return text[:end] + "\\" + text[end:]
    return "\\" + text
