"""psycopg 3 adapters: satisfaction_rating <-> csat.Rating and
rating_summary <-> csat.RatingSummary, in text and binary.

    import psycopg, csat.psycopg
    conn = psycopg.connect()
    csat.psycopg.register_csat(conn)       # once per connection (or cursor)
    conn.execute("INSERT INTO t (csat) VALUES (%s)", [csat.Rating(4, 1, 5)])
    conn.execute("SELECT csat FROM t", binary=True).fetchone()   # (Rating(4, 1, 5),)

Without it psycopg 3 returns text ratings as str and binary ones as raw bytes.
"""
from psycopg.abc import AdaptContext
from psycopg.adapt import Dumper, Loader
from psycopg.pq import Format
from psycopg.types import TypeInfo

from . import Rating, RatingSummary

__all__ = ["register_csat"]


class RatingTextLoader(Loader):
    def load(self, data):
        return Rating.parse(bytes(data).decode())


class RatingBinaryLoader(Loader):
    format = Format.BINARY

    def load(self, data):
        return Rating.from_binary(bytes(data))


class SummaryTextLoader(Loader):
    def load(self, data):
        return RatingSummary.parse(bytes(data).decode())


class SummaryBinaryLoader(Loader):
    format = Format.BINARY

    def load(self, data):
        return RatingSummary.from_binary(data)


class _TextDumper(Dumper):
    def dump(self, obj):
        return str(obj).encode()


class _RatingBinaryDumper(Dumper):
    format = Format.BINARY

    def dump(self, obj):
        return obj.to_binary()


class _SummaryBinaryDumper(Dumper):
    format = Format.BINARY

    def dump(self, obj):
        return obj.to_binary()


def register_csat(context: AdaptContext, schema=None):
    """Register the loaders and dumpers on a connection or cursor.

    The types are looked up by name (qualified with ``schema`` if given,
    else through the search_path); raises if csat is not installed.
    """
    def fetch(name):
        qual = f"{schema}.{name}" if schema else name
        info = TypeInfo.fetch(context if hasattr(context, "execute") else context.connection, qual)
        if info is None:
            raise LookupError(f"type {qual} not found: is the csat extension installed?")
        info.register(context)      # the array type too
        return info

    rating = fetch("satisfaction_rating")
    summary = fetch("rating_summary")
    adapters = context.adapters
    adapters.register_loader(rating.oid, RatingTextLoader)
    adapters.register_loader(rating.oid, RatingBinaryLoader)
    adapters.register_loader(summary.oid, SummaryTextLoader)
    adapters.register_loader(summary.oid, SummaryBinaryLoader)
    for cls, base, oid in ((Rating, _TextDumper, rating.oid), (Rating, _RatingBinaryDumper, rating.oid),
                           (RatingSummary, _TextDumper, summary.oid),
                           (RatingSummary, _SummaryBinaryDumper, summary.oid)):
        adapters.register_dumper(cls, type(base.__name__, (base,), {"oid": oid}))
