"""Escaping text for TOML strings, shared by the store (edits through
tomlkit) and the writer (new report folders), so both write the same bytes
for the same text."""

from __future__ import annotations

import re

#: Characters TOML strings may not hold literally (tab and, in multi-line
#: strings, newline are allowed).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _unicode_escape(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04x}"


def escape_basic(text: str) -> str:
    """Inside a one-line ``"…"`` string."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return CONTROL.sub(_unicode_escape, text)


def escape_multiline_basic(text: str) -> str:
    """Inside a ``\"\"\"…\"\"\"`` string: newlines and tabs stay as they are."""
    text = text.replace("\\", "\\\\").replace('"""', '""\\"').replace("\r", "\\r")
    return CONTROL.sub(_unicode_escape, text)


def literal_ok(text: str, multiline: bool) -> bool:
    """Whether ``text`` can be written as a literal (unescaped) string."""
    quote = "'''" if multiline else "'"
    if quote in text or CONTROL.search(text) or "\r" in text:
        return False
    return multiline or "\n" not in text


def basic(text: str) -> str:
    return '"' + escape_basic(text) + '"'


def multiline(text: str) -> str:
    """A body as the sample writes it: ``'''`` literal when the text allows,
    else ``\"\"\"`` escaped; the text starts on the line after the quotes."""
    if literal_ok(text, multiline=True):
        return "'''\n" + text + "\n'''"
    return '"""\n' + escape_multiline_basic(text) + '\n"""'
