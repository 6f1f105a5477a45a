#!/usr/bin/python3
"""Django 3.2 (Debian's python3-django) with clients/python/csat/django.py:
migrations, create() with what forms and scripts send (4, '5', '4.0',
'4/5'), reads as csat.Rating, the lookups of Django's documentation (exact,
__in, __range, __gte, get, exclude, Q), save() and update(), ModelForm
validation to the scale, and csat's metrics as Django aggregates (per
group, with filter=, over a window), cross-checked in Python.

Connects with the PG* environment variables; exits 1 on any failure.
"""
import decimal
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import django_setup  # noqa: E402

django_setup.configure(["csat_django_app"])

from django import forms  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.db.models import F, Q, Window  # noqa: E402

import csat  # noqa: E402
from csat.django import (BottomBoxPct, CesAvg, CesEasyPct, CsatPct, DetractorsPct, Nps,  # noqa: E402
                         PassivesPct, PromotersPct, Summary, TopBoxPct)
from csat_django_app.models import Survey  # noqa: E402
from checklib import check, expect, summary  # noqa: E402

D = decimal.Decimal


def near(a, b):
    return a is not None and abs(D(a) - D(b)) < D("1e-12")


def column_types():
    with connection.cursor() as cur:
        cur.execute("""SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
                       WHERE attrelid = 'csat_django_app_survey'::regclass
                         AND attname IN ('rating', 'nps', 'effort') ORDER BY attnum""")
        return cur.fetchall()


@check("migrate: RatingField columns with their scale")
def _():
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS csat_django_app_survey; DROP TABLE IF EXISTS django_migrations")
    call_command("migrate", "csat_django_app", verbosity=0)
    got = column_types()
    expect(got == [("rating", "satisfaction_rating(5)"), ("nps", "satisfaction_rating('0-10')"),
                   ("effort", "satisfaction_rating(7)")], f"columns {got}")
    return ", ".join(t for _, t in got)


@check("makemigrations --check: the fields deconstruct as the migration says")
def _():
    out = io.StringIO()
    try:
        call_command("makemigrations", "csat_django_app", check=True, dry_run=True, stdout=out)
    except SystemExit:
        raise AssertionError(f"makemigrations finds changes: {out.getvalue()}")
    return out.getvalue().strip()


@check("create() with 4, '5', '4.0', '2/5', csat.Rating")
def _():
    Survey.objects.create(agent="ana", rating=4, nps=9, effort=6)
    Survey.objects.create(agent="ana", rating="5", nps="10", effort="7")
    Survey.objects.create(agent="ana", rating="2/5", nps="0/0-10", effort=2)
    Survey.objects.create(agent="ben", rating=4.0, nps=D("7"), effort="5.0")
    Survey.objects.create(agent="ben", rating=csat.Rating(3, 1, 5), nps="6", effort=csat.Rating(3, 1, 7))
    Survey.objects.create(agent="ben", rating=None, nps=None)
    with connection.cursor() as cur:
        cur.execute("SELECT rating::text, nps::text, effort::text FROM csat_django_app_survey ORDER BY id")
        got = cur.fetchall()
    want = [("4/5", "9/0-10", "6/7"), ("5/5", "10/0-10", "7/7"), ("2/5", "0/0-10", "2/7"),
            ("4/5", "7/0-10", "5/7"), ("3/5", "6/0-10", "3/7"), (None, None, None)]
    expect(got == want, f"stored {got}")
    return " ".join(r[0] or "-" for r in got)


@check("read: csat.Rating with its scale")
def _():
    s = Survey.objects.order_by("id").first()
    expect(s.rating == csat.Rating(4, 1, 5) and int(s.rating) == 4, f"rating {s.rating!r}")
    expect(s.nps == csat.Rating(9, 0, 10) and s.nps.normalized == 0.9, f"nps {s.nps!r}")
    got = list(Survey.objects.order_by("id").values_list("rating", flat=True))
    expect([str(r) if r else None for r in got] == ["4/5", "5/5", "2/5", "4/5", "3/5", None], f"values_list {got}")
    return f"{s.rating!r}, {s.nps!r}"


@check("filter(rating=4), filter(rating='4'), get(rating=5), exclude")
def _():
    a = Survey.objects.filter(rating=4).count()
    b = Survey.objects.filter(rating="4").count()
    c = Survey.objects.get(rating="5").nps
    d = Survey.objects.exclude(rating=4).exclude(rating__isnull=True).count()
    expect((a, b, str(c), d) == (2, 2, "10/0-10", 3), f"got {(a, b, c, d)}")
    return f"{a}, {b}, {c}, {d}"


@check("rating__in, rating__range, rating__gte, Q objects")
def _():
    a = Survey.objects.filter(rating__in=[4, 5]).count()
    b = Survey.objects.filter(rating__in=["4", "5"]).count()
    c = Survey.objects.filter(rating__range=(4, 5)).count()
    d = Survey.objects.filter(nps__gte="9").count()
    e = Survey.objects.filter(Q(rating__lte=2) | Q(nps__lte=6)).count()
    expect((a, b, c, d, e) == (3, 3, 3, 2, 2), f"counts {(a, b, c, d, e)}")
    return f"{a} {b} {c} {d} {e}"


@check("save() a loaded row, update(rating='3')")
def _():
    s = Survey.objects.get(rating=5)
    s.rating = "2"
    s.save()
    s.refresh_from_db()
    expect(str(s.rating) == "2/5", f"after save {s.rating}")
    s.save()        # a loaded row saves as it was
    n = Survey.objects.filter(pk=s.pk).update(rating="3")
    s.refresh_from_db()
    expect(n == 1 and str(s.rating) == "3/5", f"after update {s.rating}")
    s.rating = 5
    s.save(update_fields=["rating"])
    return str(Survey.objects.get(pk=s.pk).rating)


# the rows as a plain list, for the independent computations below
def rows():
    return [(s.agent, s.rating, s.nps, s.effort) for s in Survey.objects.order_by("id")]


def pct(xs, pred):
    xs = [x for x in xs if x is not None]
    return D(100) * sum(1 for x in xs if pred(x)) / len(xs)


@check("aggregate(): CsatPct, Nps, CesAvg and the other metrics, cross-checked")
def _():
    got = Survey.objects.aggregate(
        csat=CsatPct("rating"), csat3=CsatPct("rating", satisfied_from=3), nps_score=Nps("nps"), ces=CesAvg("rating"),
        pro=PromotersPct("nps"), pas=PassivesPct("nps"), det=DetractorsPct("nps"),
        top2=TopBoxPct("rating", boxes=2), bottom=BottomBoxPct("rating"), easy=CesEasyPct("effort"))
    r = rows()
    ratings = [x[1].value for x in r if x[1]]
    npss = [x[2].value for x in r if x[2]]
    efforts = [x[3].value for x in r if x[3]]
    want = {
        "csat": pct(ratings, lambda v: v >= 4), "csat3": pct(ratings, lambda v: v >= 3),
        "nps_score": pct(npss, lambda v: v >= 9) - pct(npss, lambda v: v <= 6),
        "ces": D(sum(ratings)) / len(ratings),
        "pro": pct(npss, lambda v: v >= 9), "pas": pct(npss, lambda v: v in (7, 8)), "det": pct(npss, lambda v: v <= 6),
        "top2": pct(ratings, lambda v: v >= 4), "bottom": pct(ratings, lambda v: v == 1),
        "easy": pct(efforts, lambda v: v >= 5),
    }
    for k, w in want.items():
        expect(isinstance(got[k], D) and near(got[k], w), f"{k}: {got[k]!r}, computed {w}")
    return ", ".join(f"{k} {round(v, 2)}" for k, v in got.items())


@check("values('agent').annotate(...), filter=, a window")
def _():
    per = list(Survey.objects.values("agent").annotate(
        csat=CsatPct("rating"), nps_score=Nps("nps"), low=BottomBoxPct("rating", boxes=2),
        csat_ana=CsatPct("rating", filter=Q(nps__gte=7))).order_by("agent"))
    r = rows()
    for p in per:
        mine = [x for x in r if x[0] == p["agent"]]
        rs = [x[1].value for x in mine if x[1]]
        ns = [x[2].value for x in mine if x[2]]
        rs7 = [x[1].value for x in mine if x[1] and x[2] and x[2].value >= 7]
        expect(near(p["csat"], pct(rs, lambda v: v >= 4)), f"{p}")
        expect(near(p["nps_score"], pct(ns, lambda v: v >= 9) - pct(ns, lambda v: v <= 6)), f"{p}")
        expect(near(p["low"], pct(rs, lambda v: v <= 2)), f"{p}")
        expect(near(p["csat_ana"], pct(rs7, lambda v: v >= 4)), f"{p}")
    win = list(Survey.objects.annotate(agent_csat=Window(CsatPct("rating"), partition_by=[F("agent")]))
               .order_by("id").values_list("agent", "agent_csat"))
    expect(all(near(w, next(p["csat"] for p in per if p["agent"] == a)) for a, w in win), f"window {win}")
    return "; ".join(f"{p['agent']} csat {round(p['csat'], 1)} nps {round(p['nps_score'], 1)}" for p in per)


@check("Summary: a csat.RatingSummary")
def _():
    s = Survey.objects.aggregate(s=Summary("rating"))["s"]
    expect(isinstance(s, csat.RatingSummary) and s.answered == 5 and s.unanswered == 1, f"summary {s!r}")
    return str(s)


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["agent", "rating", "nps"]


@check("ModelForm: '5' and '9' save; off the scale is a form error")
def _():
    f = SurveyForm({"agent": "cy", "rating": "5", "nps": "9"})
    expect(f.is_valid(), f"errors {f.errors.as_data()}")
    s = f.save()
    s.refresh_from_db()
    expect(str(s.rating) == "5/5" and str(s.nps) == "9/0-10", f"saved {s.rating} {s.nps}")
    errors = []
    for bad in ("6", "0", "4.5", "4/7", "great"):
        f = SurveyForm({"agent": "cy", "rating": bad})
        expect(not f.is_valid() and "rating" in f.errors, f"{bad!r} accepted")
        errors.append(f"{bad}: {f.errors['rating'][0]}")
    f = SurveyForm({"agent": "cy", "rating": "4/5", "nps": "0"})
    expect(f.is_valid(), f"4/5: {f.errors.as_data()}")
    f = SurveyForm(instance=s)
    expect('value="5"' in str(f["rating"]) and 'max="5"' in str(f["rating"]), f"widget {f['rating']}")
    return "; ".join(errors)


@check("full_clean() and the database refuse what the scale cannot hold")
def _():
    try:
        Survey(agent="cy", rating=6).full_clean()
        raise AssertionError("full_clean accepted 6")
    except ValidationError as e:
        msg = str(e)
        expect("6" in msg, f"message {msg}")
    before = Survey.objects.count()
    for bad in (6, "4/7", "4.5"):
        try:
            with transaction.atomic():
                Survey.objects.create(agent="cy", rating=bad)
            raise AssertionError(f"{bad!r} was stored")
        except DatabaseError as e:
            expect(str(bad) in str(e), f"{bad!r}: {e}")
    expect(Survey.objects.count() == before, "rows were added")
    return msg


sys.exit(summary("django"))
