"""Java ``java.util.regex`` patterns and ``Matcher.replaceFirst`` replacements on Python's ``re``.

Decisions: Java's named groups ``(?<name>...)`` become Python's ``(?P<name>...)``; other syntax
is passed to ``re`` unchanged, so Java-only constructs (``\\p{Alpha}``, ``\\G``) fail config
validation with the ``re`` error as the reason instead of matching differently.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["compile_java_regex", "java_replacement"]

_NAMED_GROUP = re.compile(r"(?<!\\)\(\?<(?![=!])")


def compile_java_regex(pattern: str) -> re.Pattern[str]:
    """The compiled pattern; ``ValueError`` (with the reason) when it does not compile."""
    try:
        return re.compile(_NAMED_GROUP.sub("(?P<", pattern))
    except re.error as e:
        raise ValueError(f"{e.msg} near index {e.pos} {pattern}") from None


def java_replacement(replacement: str) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` callable expanding ``$n``, ``${name}`` and ``\\x`` as Java's ``appendReplacement``."""

    if "$" not in replacement and "\\" not in replacement:
        return lambda match: replacement

    def expand(match: re.Match[str]) -> str:
        out: list[str] = []
        i, n = 0, len(replacement)
        groups = match.re.groups
        while i < n:
            c = replacement[i]
            if c == "\\":
                i += 1
                if i >= n:
                    raise ValueError("character to be escaped is missing")
                out.append(replacement[i])
                i += 1
            elif c == "$":
                i += 1
                if i >= n:
                    raise ValueError("Illegal group reference: group index is missing")
                if replacement[i] == "{":
                    end = replacement.find("}", i)
                    if end < 0:
                        raise ValueError("named capturing group is missing trailing '}'")
                    out.append(match.group(replacement[i + 1 : end]) or "")
                    i = end + 1
                    continue
                if not replacement[i].isdigit():
                    raise ValueError("Illegal group reference")
                number = int(replacement[i])
                i += 1
                while i < n and replacement[i].isdigit() and number * 10 + int(replacement[i]) <= groups:
                    number = number * 10 + int(replacement[i])
                    i += 1
                if number > groups:
                    raise IndexError(f"No group {number}")
                out.append(match.group(number) or "")
            else:
                out.append(c)
                i += 1
        return "".join(out)

    return expand
