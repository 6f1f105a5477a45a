"""SQLAlchemy column types for csat, and reflection without warnings.

    import csat.sqlalchemy
    csat.sqlalchemy.register()   # reflection knows satisfaction_rating and rating_summary

    Column("csat", csat.sqlalchemy.SatisfactionRating(1, 5))   # satisfaction_rating(5)

Reflection works without this module too (PostgreSQL prints the modifier
of satisfaction_rating(1,5) as (5) and of (0,10) as ('0-10'), which
SQLAlchemy's dialect parses); it then reports the columns as NullType with
a "Did not recognize type" warning, and values come back as text.
"""
import re

from sqlalchemy.types import UserDefinedType

from . import Rating, RatingSummary

__all__ = ["SatisfactionRating", "RatingSummaryType", "register"]


def _scale_from_args(args):
    """What the PostgreSQL dialect passes when reflecting: (hi,) from
    satisfaction_rating(5), ("'0-10'",) from satisfaction_rating('0-10'),
    (lo, hi) from user code, or nothing."""
    if not args:
        return None
    if len(args) == 2:
        return (int(args[0]), int(args[1]))
    a = args[0]
    if isinstance(a, int):
        return (1, a)
    m = re.match(r"^'?\s*(\d+)\s*(?:-|\.\.)\s*(\d+)\s*'?$", str(a))
    if m:
        return (int(m.group(1)), int(m.group(2)))
    return (1, int(str(a).strip("'")))


class SatisfactionRating(UserDefinedType):
    """satisfaction_rating, optionally with its scale: SatisfactionRating(1, 5)."""
    cache_ok = True

    def __init__(self, *args):
        self.scale = _scale_from_args(args)

    def get_col_spec(self, **kw):
        if not self.scale:
            return "satisfaction_rating"
        lo, hi = self.scale
        return f"satisfaction_rating({hi})" if lo == 1 else f"satisfaction_rating('{lo}-{hi}')"

    def bind_processor(self, dialect):
        def process(value):
            if value is None or isinstance(value, str):
                return value
            if isinstance(value, Rating):
                return str(value)
            return value            # ints, Decimals: the assignment casts take them
        return process

    def result_processor(self, dialect, coltype):
        def process(value):
            if value is None or isinstance(value, Rating):
                return value
            return Rating.parse(value)
        return process


class RatingSummaryType(UserDefinedType):
    cache_ok = True

    def get_col_spec(self, **kw):
        return "rating_summary"

    def bind_processor(self, dialect):
        return lambda v: None if v is None else str(v)

    def result_processor(self, dialect, coltype):
        return lambda v: None if v is None or isinstance(v, RatingSummary) else RatingSummary.parse(v)


def register():
    """Teach SQLAlchemy's PostgreSQL dialect the names csat's types reflect as."""
    from sqlalchemy.dialects.postgresql import base
    base.ischema_names["satisfaction_rating"] = SatisfactionRating
    base.ischema_names["rating_summary"] = RatingSummaryType
