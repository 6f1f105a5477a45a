"""Django (3.2+) model field, form field and aggregates for csat.

    from csat.django import RatingField, CsatPct, Nps, CesAvg

    class Survey(models.Model):
        agent = models.TextField()
        rating = RatingField(hi=5)                 # satisfaction_rating(5), 1..5
        nps = RatingField(lo=0, hi=10, null=True)  # satisfaction_rating(0,10)

    Survey.objects.create(agent="ana", rating=4, nps="9")   # 4/5, 9/0-10
    Survey.objects.filter(rating__gte=4)                    # also rating=5, __in, __range
    Survey.objects.values("agent").annotate(csat=CsatPct("rating"), nps=Nps("nps"))

A rating reads as a csat.Rating (its value, its scale).  What a form, a
script or a URL gives (4, "4", "4.0", "4/5", a csat.Rating) is put on the
field's scale before it is sent, so writes and lookups send full ratings
("4/5"); a value the scale cannot hold is a ValidationError in forms and
full_clean(), and never reaches the database as something else.

The aggregates are csat's SQL aggregates as Django aggregates (decimal
results; filter= and window expressions work): CsatPct (with
satisfied_from), Nps, CesAvg, PromotersPct, PassivesPct, DetractorsPct,
TopBoxPct and BottomBoxPct (with boxes), CesEasyPct, and Summary, which
returns a csat.RatingSummary.
"""
import decimal
import re

from django import forms
from django.core import checks, exceptions
from django.db import models
from django.db.models import Aggregate, Value

from . import Rating
from . import RatingSummary as _RatingSummary

__all__ = ["RatingField", "RatingFormField", "RatingSummaryField", "CsatPct", "Nps", "CesAvg",
           "PromotersPct", "PassivesPct", "DetractorsPct", "TopBoxPct", "BottomBoxPct",
           "CesEasyPct", "Summary", "to_rating"]

_BARE = re.compile(r"^\s*(\d+)(?:\.0*)?\s*$")


def to_rating(value, lo, hi):
    """value (a Rating, an int, a whole float or Decimal, '4', '4.0', '4/5')
    as a Rating on lo..hi; ValueError naming it when it is not one (a
    rating on another scale is never rescaled)."""
    if isinstance(value, Rating):
        r = value
    elif isinstance(value, bool):
        raise ValueError(f"{value!r} is not a rating")
    elif isinstance(value, int):
        r = Rating(value, lo, hi)
    elif isinstance(value, (float, decimal.Decimal)):
        if not (value == value and abs(value) != float("inf")) or value != int(value):
            raise ValueError(f"rating value {value} is not a whole number")
        r = Rating(int(value), lo, hi)
    elif isinstance(value, str):
        m = _BARE.match(value)
        r = Rating(int(m.group(1)), lo, hi) if m else Rating.parse(value)
    else:
        raise ValueError(f"{value!r} is not a rating")
    if (r.lo, r.hi) != (lo, hi):
        raise ValueError(f"rating {r} is not on the scale {lo}-{hi}")
    return r


class RatingFormField(forms.IntegerField):
    """A number input from lo to hi; cleans to a csat.Rating on the scale.
    '4/5' is accepted too when it is on the scale."""

    def __init__(self, *, lo=1, hi=5, **kwargs):
        self.lo, self.hi = lo, hi
        kwargs.setdefault("min_value", lo)
        kwargs.setdefault("max_value", hi)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and "/" in value:
            try:
                return to_rating(value, self.lo, self.hi)
            except ValueError as e:
                raise exceptions.ValidationError(str(e), code="invalid") from None
        return super().to_python(value)

    def validate(self, value):
        super().validate(value if not isinstance(value, Rating) else value.value)

    def run_validators(self, value):
        super().run_validators(value if not isinstance(value, Rating) else value.value)

    def clean(self, value):
        value = super().clean(value)
        if value is None or isinstance(value, Rating):
            return value
        return Rating(value, self.lo, self.hi)

    def prepare_value(self, value):
        return value.value if isinstance(value, Rating) else value


class RatingField(models.Field):
    """A satisfaction_rating column with its scale: RatingField(hi=5) is
    satisfaction_rating(5) (1..5), RatingField(lo=0, hi=10) is
    satisfaction_rating(0,10)."""
    description = "A satisfaction rating on the scale %(lo)s..%(hi)s"

    def __init__(self, *args, lo=1, hi=5, **kwargs):
        self.lo, self.hi = lo, hi
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if not (isinstance(self.lo, int) and isinstance(self.hi, int) and 0 <= self.lo < self.hi <= 10):
            errors.append(checks.Error(f"RatingField scale {self.lo}-{self.hi}: needs 0 <= lo < hi <= 10",
                                       obj=self, id="csat.E001"))
        return errors

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.lo != 1:
            kwargs["lo"] = self.lo
        if self.hi != 5:
            kwargs["hi"] = self.hi
        return name, path, args, kwargs

    def db_type(self, connection):
        if self.lo == 1:
            return f"satisfaction_rating({self.hi})"
        return f"satisfaction_rating({self.lo},{self.hi})"

    def from_db_value(self, value, expression, connection):
        return None if value is None else Rating.parse(value)

    def to_python(self, value):
        if value is None:
            return None
        try:
            return to_rating(value, self.lo, self.hi)
        except ValueError as e:
            raise exceptions.ValidationError(str(e), code="invalid", params={"value": value}) from None

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        try:
            return str(to_rating(value, self.lo, self.hi))
        except ValueError:
            # not a rating on the scale: sent as given, for the server to
            # reject with an error naming it (never altered here)
            return value if isinstance(value, (int, str)) else str(value)

    def value_to_string(self, obj):
        v = self.value_from_object(obj)
        return None if v is None else str(v)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RatingFormField, "lo": self.lo, "hi": self.hi, **kwargs})


class RatingSummaryField(models.Field):
    """A rating_summary column (or the output of Summary): csat.RatingSummary."""
    description = "The counts behind every csat metric"

    def db_type(self, connection):
        return "rating_summary"

    def from_db_value(self, value, expression, connection):
        return None if value is None else _RatingSummary.parse(value)

    def to_python(self, value):
        if value is None or isinstance(value, _RatingSummary):
            return value
        return _RatingSummary.parse(value)

    def get_prep_value(self, value):
        return None if value is None else str(value)


class _Metric(Aggregate):
    """A csat aggregate returning numeric percent (or points, or a mean)."""

    def __init__(self, expression, *args, **extra):
        extra.setdefault("output_field", models.DecimalField())
        super().__init__(expression, *(Value(a) for a in args), **extra)


class CsatPct(_Metric):
    """csat_pct(rating [, satisfied_from]): percent satisfied (top two boxes)."""
    function, name = "csat_pct", "CsatPct"

    def __init__(self, expression, satisfied_from=None, **extra):
        args = () if satisfied_from is None else (int(satisfied_from),)
        super().__init__(expression, *args, **extra)


class Nps(_Metric):
    """nps(rating): Net Promoter Score, -100..100 (0..10 ratings)."""
    function, name = "nps", "Nps"


class CesAvg(_Metric):
    """ces_avg(rating): the mean value (one scale per group)."""
    function, name = "ces_avg", "CesAvg"


class PromotersPct(_Metric):
    """promoters_pct(rating): percent of 9s and 10s (0..10 ratings)."""
    function, name = "promoters_pct", "PromotersPct"


class PassivesPct(_Metric):
    """passives_pct(rating): percent of 7s and 8s (0..10 ratings)."""
    function, name = "passives_pct", "PassivesPct"


class DetractorsPct(_Metric):
    """detractors_pct(rating): percent of 0s to 6s (0..10 ratings)."""
    function, name = "detractors_pct", "DetractorsPct"


class _BoxMetric(_Metric):
    def __init__(self, expression, boxes=1, **extra):
        super().__init__(expression, int(boxes), **extra)


class TopBoxPct(_BoxMetric):
    """top_box_pct(rating, boxes): percent in the top `boxes` points."""
    function, name = "top_box_pct", "TopBoxPct"


class BottomBoxPct(_BoxMetric):
    """bottom_box_pct(rating, boxes): percent in the bottom `boxes` points."""
    function, name = "bottom_box_pct", "BottomBoxPct"


class CesEasyPct(_Metric):
    """ces_easy_pct(rating): percent of "easy" answers (top 3 of 7, top 2 of 5)."""
    function, name = "ces_easy_pct", "CesEasyPct"


class Summary(Aggregate):
    """rating_summary(rating): the counts behind every metric, as a
    csat.RatingSummary (NULL ratings counted as unanswered)."""
    function, name = "rating_summary", "Summary"

    def __init__(self, expression, **extra):
        extra.setdefault("output_field", RatingSummaryField())
        super().__init__(expression, **extra)
