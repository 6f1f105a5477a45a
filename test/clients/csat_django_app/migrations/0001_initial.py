# The migration a project writes: the extension first (Django's own
# CreateExtension), then the model as makemigrations generated it.
from django.contrib.postgres.operations import CreateExtension
from django.db import migrations, models

import csat.django


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        CreateExtension("csat"),
        migrations.CreateModel(
            name="Survey",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("agent", models.TextField()),
                ("rating", csat.django.RatingField(blank=True, null=True)),
                ("nps", csat.django.RatingField(blank=True, hi=10, lo=0, null=True)),
                ("effort", csat.django.RatingField(blank=True, hi=7, null=True)),
            ],
        ),
    ]
