"""Java ``.properties`` files: parse and format with ``java.util.Properties.load`` semantics.

Rules followed (``Properties.load(Reader)``):

* natural lines end at ``\\n``, ``\\r`` or ``\\r\\n``; a line ending in an odd number of
  backslashes continues on the next natural line, whose leading whitespace is dropped;
* whitespace is space, tab and form feed; blank lines are skipped;
* a natural line whose first non-whitespace character is ``#`` or ``!`` is a comment
  (a comment never continues; a continuation line is a comment only when nothing was
  gathered before it);
* the key ends at the first unescaped ``=``, ``:`` or whitespace; whitespace, then at most one
  ``=``/``:``, then whitespace are skipped; the rest of the line is the value (trailing
  whitespace kept);
* escapes ``\\t \\n \\r \\f \\uXXXX``; any other ``\\c`` is ``c``; a backslash at the very end of the
  input is dropped (as Java does).

Decision: Java throws ``IllegalArgumentException("Malformed \\uxxxx encoding.")`` for a bad
``\\u`` escape; kconnect raises :class:`~kconnect.errors.ConfigError` naming the source and the
line where the logical line starts.  Later duplicate keys override earlier ones, as in Java.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from kconnect.errors import ConfigError

__all__ = ["format_properties", "parse_properties"]

_WHITESPACE = " \t\f"
_SEPARATORS = "=:"
_SIMPLE_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_HEX = frozenset("0123456789abcdefABCDEF")


def _natural_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, line)`` split on ``\\n``, ``\\r`` and ``\\r\\n`` only."""
    number = 0
    start = 0
    i = 0
    length = len(text)
    while i < length:
        ch = text[i]
        if ch in "\r\n":
            number += 1
            yield number, text[start:i]
            if ch == "\r" and i + 1 < length and text[i + 1] == "\n":
                i += 1
            start = i + 1
        i += 1
    if start < length:
        yield number + 1, text[start:]


def _ends_with_continuation(line: str) -> bool:
    count = len(line) - len(line.rstrip("\\"))
    return count % 2 == 1


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(first line number, logical line)`` with comments and blanks removed.

    As in Java, a continuation that has gathered nothing yet (a line holding only ``\\``)
    leaves the next natural line to start afresh: it may be blank or a comment.
    """
    pending: list[str] = []
    first = 0
    continued = False
    for number, raw in _natural_lines(text):
        line = raw.lstrip(_WHITESPACE)
        continued = False
        if not any(pending):
            pending = []
            if not line or line[0] in "#!":
                continue
            first = number
        if _ends_with_continuation(line):
            pending.append(line[:-1])
            continued = True
            continue
        pending.append(line)
        yield first, "".join(pending)
        pending = []
    # Input ended inside a continuation; the dangling backslash is dropped.  Java's reader
    # still emits an empty line when the input ends right after the backslash or after a
    # single "\n"/"\r" following it (but not after "\r\n").
    if any(pending) or (continued and not text.endswith("\r\n")):
        yield first, "".join(pending)


def _unescape(chunk: str, source: str, line: int) -> str:
    out: list[str] = []
    i = 0
    length = len(chunk)
    while i < length:
        ch = chunk[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        i += 1
        if i >= length:
            break
        ch = chunk[i]
        if ch == "u":
            digits = chunk[i + 1 : i + 5]
            if len(digits) != 4 or not set(digits) <= _HEX:
                raise ConfigError(f"{source}:{line}: malformed \\uxxxx encoding: '\\u{digits}'")
            out.append(chr(int(digits, 16)))
            i += 5
            continue
        out.append(_SIMPLE_ESCAPES.get(ch, ch))
        i += 1
    return _join_surrogates("".join(out))


def _join_surrogates(text: str) -> str:
    """Combine ``\\uD83D\\uDE00``-style UTF-16 pairs into one code point."""
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _split_key_value(line: str) -> tuple[str, str]:
    """Split a logical line into its raw (still escaped) key and value."""
    i = 0
    length = len(line)
    while i < length:
        ch = line[i]
        if ch == "\\":
            i += 2
            continue
        if ch in _SEPARATORS or ch in _WHITESPACE:
            break
        i += 1
    key = line[: min(i, length)]
    j = i
    while j < length and line[j] in _WHITESPACE:
        j += 1
    if j < length and line[j] in _SEPARATORS:
        j += 1
        while j < length and line[j] in _WHITESPACE:
            j += 1
    return key, line[j:]


def parse_properties(text: str, source: str = "<string>") -> dict[str, str]:
    """Parse ``.properties`` text; later keys override earlier ones.

    Raises :class:`ConfigError` naming ``source`` and the line on malformed escapes.
    """
    result: dict[str, str] = {}
    for number, line in _logical_lines(text):
        raw_key, raw_value = _split_key_value(line)
        key = _unescape(raw_key, source, number)
        result.pop(key, None)
        result[key] = _unescape(raw_value, source, number)
    return result


def _escape(text: str, *, is_key: bool) -> str:
    out: list[str] = []
    for index, ch in enumerate(text):
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\f":
            out.append("\\f")
        elif ch == " " and (is_key or index == 0):
            out.append("\\ ")
        elif ch in "=:#!":
            out.append("\\" + ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    return "".join(out)


def format_properties(props: Mapping[str, str]) -> str:
    """Render ``props`` as ``.properties`` text (``key=value`` lines) that parses back unchanged."""
    return "".join(f"{_escape(k, is_key=True)}={_escape(v, is_key=False)}\n" for k, v in props.items())
