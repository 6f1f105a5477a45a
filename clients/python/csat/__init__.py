"""Python values for csat's PostgreSQL types, and adapters for drivers.

``Rating`` is a ``satisfaction_rating`` (a value with its scale) and
``RatingSummary`` a ``rating_summary``; both read and write the types' text
and binary forms.  ``csat.psycopg`` registers them with psycopg 3 (text and
binary), ``csat.sqlalchemy`` with SQLAlchemy (column types and schema
reflection).  Pure Python, no dependency beyond the driver you use.
"""
import re
import struct

__all__ = ["Rating", "RatingSummary"]

_RATING = re.compile(r"^\s*(\d+)\s*/\s*(?:(\d+)\s*(?:-|\.\.)\s*)?(\d+)\s*$")


def _check_scale(lo, hi):
    if not (0 <= lo < hi <= 10):
        raise ValueError(f"invalid scale {lo}-{hi}: a scale lo-hi needs 0 <= lo < hi <= 10")


class Rating:
    """A survey answer: value on the integer scale lo..hi (0 <= lo < hi <= 10).

    ``str(r)`` is the canonical text ('4/5', '9/0-10'); ``int(r)`` the value.
    Equal when value and scale are equal, as in SQL.
    """
    __slots__ = ("value", "lo", "hi")

    def __init__(self, value, lo=1, hi=5):
        value, lo, hi = int(value), int(lo), int(hi)
        _check_scale(lo, hi)
        if not lo <= value <= hi:
            raise ValueError(f"rating value {value} is out of range for scale {lo}-{hi}")
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)

    def __setattr__(self, name, v):
        raise AttributeError("Rating is immutable")

    @classmethod
    def parse(cls, text):
        """'4/5', '9/0-10' or '9/0..10' (blanks allowed) to a Rating."""
        m = _RATING.match(text)
        if not m:
            raise ValueError(f"invalid satisfaction_rating text {text!r}: write '4/5' or '9/0-10'")
        v, lo, hi = m.groups()
        return cls(int(v), int(lo) if lo is not None else 1, int(hi))

    @classmethod
    def from_binary(cls, data):
        """The 2-byte binary form: value byte, scale byte (lo << 4 | hi)."""
        if len(data) != 2:
            raise ValueError(f"binary satisfaction_rating is 2 bytes, got {len(data)}")
        v, scale = data[0], data[1]
        return cls(v, scale >> 4, scale & 15)

    def to_binary(self):
        return bytes((self.value, self.lo << 4 | self.hi))

    @property
    def scale(self):
        return (self.lo, self.hi)

    @property
    def normalized(self):
        return (self.value - self.lo) / (self.hi - self.lo)

    def __int__(self):
        return self.value

    def __str__(self):
        if self.lo == 1:
            return f"{self.value}/{self.hi}"
        return f"{self.value}/{self.lo}-{self.hi}"

    def __repr__(self):
        return f"Rating({self.value}, {self.lo}, {self.hi})"

    def __eq__(self, other):
        if not isinstance(other, Rating):
            return NotImplemented
        return (self.value, self.lo, self.hi) == (other.value, other.lo, other.hi)

    def __hash__(self):
        return hash((self.value, self.lo, self.hi))


_SUMMARY_HEAD = struct.Struct(">BBBB")
_SUMMARY_BODY = struct.Struct(">14q")
SUMMARY_BINARY_LEN = _SUMMARY_HEAD.size + _SUMMARY_BODY.size    # 116


def _scale_text(s):
    return f"{s[0]}-{s[1]}"


def _scale_parse(t):
    lo, hi = (int(x) for x in t.split("-"))
    _check_scale(lo, hi)
    return (lo, hi)


class RatingSummary:
    """A rating_summary: the counts behind every csat metric.

    scale      (lo, hi) of a group on one scale, None when nothing was answered
               or when the group mixes scales (then ``scales`` is set)
    scales     (smallest, largest) scale seen in a mixed group, else None
    counts     {value: answers} for a group on one scale ({} otherwise)
    answered, unanswered, satisfied (top-two-box, kept for mixed groups)
    satisfied_from  the explicit threshold of csat_pct(r, t), or None
    """

    def __init__(self, scale=None, counts=None, unanswered=0, satisfied_from=None,
                 scales=None, answered=None, satisfied=None):
        self.scale = tuple(scale) if scale else None
        self.scales = tuple(tuple(s) for s in scales) if scales else None
        self.counts = dict(counts or {})
        self.unanswered = int(unanswered)
        self.satisfied_from = satisfied_from
        if self.scales:
            self.answered = int(answered)
            self._satisfied = int(satisfied)
        else:
            self.answered = sum(self.counts.values())
            self._satisfied = None

    # ---- metrics, as the SQL accessors compute them ----
    @property
    def satisfied(self):
        if self._satisfied is not None:
            return self._satisfied
        if not self.scale:
            return 0
        lo, hi = self.scale
        first = self.satisfied_from if self.satisfied_from is not None else (
            hi - 1 if hi - lo + 1 >= 4 else hi)
        return sum(c for v, c in self.counts.items() if v >= first)

    # ---- text form ----
    @classmethod
    def parse(cls, text):
        t = text.strip()
        if not (t.startswith("{") and t.endswith("}")):
            raise ValueError(f"invalid rating_summary text {text!r}")
        words = t[1:-1].split()
        if not words or words[0] != "v1":
            raise ValueError(f"unsupported rating_summary text {text!r} (this module reads v1)")
        kv = dict(zip(words[1::2], words[2::2]))
        if "scales" in kv:
            a, b = kv["scales"].split(",")
            return cls(scales=(_scale_parse(a), _scale_parse(b)), answered=int(kv["answered"]),
                       satisfied=int(kv["satisfied"]), unanswered=int(kv["unanswered"]))
        if "scale" in kv:
            lo, hi = _scale_parse(kv["scale"])
            counts = [int(c) for c in kv["counts"].split(",")]
            if len(counts) != hi - lo + 1:
                raise ValueError(f"rating_summary text {text!r}: {len(counts)} counts for scale {lo}-{hi}")
            sf = int(kv["satisfied_from"]) if "satisfied_from" in kv else None
            return cls(scale=(lo, hi), counts=dict(zip(range(lo, hi + 1), counts)),
                       unanswered=int(kv["unanswered"]), satisfied_from=sf)
        return cls(unanswered=int(kv["unanswered"]))

    def __str__(self):
        if self.scales:
            a, b = self.scales
            return (f"{{v1 scales {_scale_text(a)},{_scale_text(b)} answered {self.answered} "
                    f"satisfied {self._satisfied} unanswered {self.unanswered}}}")
        if not self.scale:
            return f"{{v1 unanswered {self.unanswered}}}"
        lo, hi = self.scale
        counts = ",".join(str(self.counts.get(v, 0)) for v in range(lo, hi + 1))
        sf = f" satisfied_from {self.satisfied_from}" if self.satisfied_from is not None else ""
        return f"{{v1 scale {_scale_text(self.scale)} counts {counts} unanswered {self.unanswered}{sf}}}"

    # ---- binary form (version 1, 116 bytes) ----
    @classmethod
    def from_binary(cls, data):
        data = bytes(data)
        if len(data) != SUMMARY_BINARY_LEN:
            raise ValueError(f"binary rating_summary is {SUMMARY_BINARY_LEN} bytes, got {len(data)}")
        version, scale, scale2, sf = _SUMMARY_HEAD.unpack_from(data)
        if version != 1:
            raise ValueError(f"unsupported binary rating_summary version {version}")
        nums = _SUMMARY_BODY.unpack_from(data, _SUMMARY_HEAD.size)
        counts, (answered, satisfied, unanswered) = nums[:11], nums[11:]
        if scale2:
            return cls(scales=((scale >> 4, scale & 15), (scale2 >> 4, scale2 & 15)),
                       answered=answered, satisfied=satisfied, unanswered=unanswered)
        if not scale:
            return cls(unanswered=unanswered)
        lo, hi = scale >> 4, scale & 15
        return cls(scale=(lo, hi), counts={v: counts[v] for v in range(lo, hi + 1)},
                   unanswered=unanswered, satisfied_from=sf - 1 if sf else None)

    def to_binary(self):
        counts = [0] * 11
        scale = scale2 = 0
        satisfied = 0
        if self.scales:
            (a, b), (c, d) = self.scales
            scale, scale2, satisfied = a << 4 | b, c << 4 | d, self._satisfied
        elif self.scale:
            scale = self.scale[0] << 4 | self.scale[1]
            for v, c in self.counts.items():
                counts[v] = c
        sf = self.satisfied_from + 1 if self.satisfied_from is not None else 0
        return (_SUMMARY_HEAD.pack(1, scale, scale2, sf)
                + _SUMMARY_BODY.pack(*counts, self.answered, satisfied, self.unanswered))

    def __eq__(self, other):
        if not isinstance(other, RatingSummary):
            return NotImplemented
        return str(self) == str(other)

    def __repr__(self):
        return f"RatingSummary.parse({str(self)!r})"
