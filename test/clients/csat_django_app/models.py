"""The model test/clients/test_django.py uses: a survey answer per ticket."""
from django.db import models

from csat.django import RatingField


class Survey(models.Model):
    agent = models.TextField()
    rating = RatingField(hi=5, null=True, blank=True)           # satisfaction_rating(5)
    nps = RatingField(lo=0, hi=10, null=True, blank=True)       # satisfaction_rating(0,10)
    effort = RatingField(hi=7, null=True, blank=True)           # satisfaction_rating(7)

    class Meta:
        app_label = "csat_django_app"
