"""A ``java.text.SimpleDateFormat`` subset (always UTC) for TimestampRouter and TimestampConverter.

Supported letters: ``y M d H k K h m s S E a D z Z X`` and quoted literals (``'T'``, ``''``).
Others raise ``ValueError`` when the pattern is compiled, so config validation names the key.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["SimpleDateFormat"]

_LETTERS = set("yMdHkKhmsSEaDzZX")
_NUMERIC = set("yMdHkKhmsSD")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class _Token:
    letter: str  # "" for literal text
    count: int
    text: str = ""


def _tokenize(pattern: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "'":
            end = pattern.find("'", i + 1)
            if end == i + 1:
                tokens.append(_Token("", 0, "'"))
                i += 2
                continue
            if end < 0:
                raise ValueError(f"Unterminated quote in pattern {pattern!r}")
            tokens.append(_Token("", 0, pattern[i + 1 : end].replace("''", "'")))
            i = end + 1
        elif c.isascii() and c.isalpha():
            if c not in _LETTERS:
                raise ValueError(f"Illegal pattern character '{c}'")
            j = i
            while j < n and pattern[j] == c:
                j += 1
            tokens.append(_Token(c, j - i))
            i = j
        else:
            tokens.append(_Token("", 0, c))
            i += 1
    return tokens


class SimpleDateFormat:
    """Formats and parses UTC datetimes with a SimpleDateFormat pattern."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.tokens = _tokenize(pattern)
        self._parser = re.compile(self._parse_regex())

    # -- formatting --------------------------------------------------------------------------
    def format(self, when: dt.datetime) -> str:
        when = when.astimezone(dt.UTC) if when.tzinfo else when.replace(tzinfo=dt.UTC)
        return "".join(self._format_token(t, when) for t in self.tokens)

    @staticmethod
    def _format_token(t: _Token, when: dt.datetime) -> str:  # one case per letter
        c, n = t.letter, t.count
        if not c:
            return t.text
        if c == "y":
            return f"{when.year % 100:02d}" if n == 2 else str(when.year).zfill(n)
        if c == "M":
            if n >= 4:
                return _MONTHS[when.month - 1]
            return _MONTHS[when.month - 1][:3] if n == 3 else str(when.month).zfill(n)
        if c == "E":
            name = _DAYS[when.weekday()]
            return name if n >= 4 else name[:3]
        if c == "a":
            return "AM" if when.hour < 12 else "PM"
        if c in "zZX":
            return {"z": "UTC", "Z": "+0000", "X": "Z"}[c]
        number = {
            "d": when.day,
            "H": when.hour,
            "k": when.hour or 24,
            "K": when.hour % 12,
            "h": when.hour % 12 or 12,
            "m": when.minute,
            "s": when.second,
            "S": when.microsecond // 1000,
            "D": when.timetuple().tm_yday,
        }[c]
        return str(number).zfill(n)

    # -- parsing -----------------------------------------------------------------------------
    def _parse_regex(self) -> str:
        parts = []
        for i, t in enumerate(self.tokens):
            if not t.letter:
                parts.append(re.escape(t.text))
                continue
            following = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
            abutting = following is not None and following.letter in _NUMERIC
            name = f"f{i}"
            if t.letter in _NUMERIC and not (t.letter == "M" and t.count >= 3):
                digits = rf"\d{{{t.count}}}" if abutting else r"\d+"
                parts.append(f"(?P<{name}>[+-]?{digits})")
            elif t.letter == "M":
                parts.append(f"(?P<{name}>[A-Za-z]+)")
            elif t.letter == "E":
                parts.append(r"[A-Za-z]+")
            elif t.letter == "a":
                parts.append(f"(?P<{name}>[AaPp][Mm])")
            else:
                parts.append(r"(?:UTC|GMT|Z|[+-]00:?00)")
        return "".join(parts)

    def parse(self, text: str) -> dt.datetime:
        """The UTC datetime ``text`` denotes; ``ValueError`` when it does not match the pattern."""
        match = self._parser.match(text)
        if match is None:
            raise ValueError(f'Unparseable date: "{text}"')
        fields = {"y": 1970, "M": 1, "d": 1, "H": 0, "m": 0, "s": 0, "S": 0}
        pm = False
        hour12: int | None = None
        for i, t in enumerate(self.tokens):
            raw = match.groupdict().get(f"f{i}")
            if raw is None:
                continue
            if t.letter == "M" and t.count >= 3:
                fields["M"] = [m[:3].lower() for m in _MONTHS].index(raw[:3].lower()) + 1
            elif t.letter == "a":
                pm = raw.lower() == "pm"
            elif t.letter in "hK":
                hour12 = int(raw) % 12
            elif t.letter == "k":
                fields["H"] = int(raw) % 24
            elif t.letter == "y" and t.count == 2 and len(raw) == 2:
                fields["y"] = 2000 + int(raw)
            elif t.letter in fields:
                fields[t.letter] = int(raw)
        if hour12 is not None:
            fields["H"] = hour12 + (12 if pm else 0)
        base = dt.datetime(fields["y"], 1, 1, tzinfo=dt.UTC)
        month_start = _add_months(base, fields["M"] - 1)
        return month_start + dt.timedelta(
            days=fields["d"] - 1,
            hours=fields["H"],
            minutes=fields["m"],
            seconds=fields["s"],
            milliseconds=fields["S"],
        )


def _add_months(base: dt.datetime, months: int) -> dt.datetime:
    year, month = divmod(base.month - 1 + months, 12)
    return base.replace(year=base.year + year, month=month + 1)
