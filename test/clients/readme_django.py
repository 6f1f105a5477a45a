#!/usr/bin/python3
"""Runs README.md's Django snippets (extracted by readme_stacks.py into DIR):
DIR/readme_app/models.py as an installed app, its tables made the way the
README says (the extension, then the model), then DIR/readme_django_usage.py.

    readme_django.py DIR

Connects with the PG* environment variables."""
import os
import runpy
import sys

out = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import django_setup  # noqa: E402

django_setup.configure(["readme_app"], path=[out])

from django.apps import apps  # noqa: E402
from django.contrib.postgres.operations import CreateExtension  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.state import ProjectState  # noqa: E402

with connection.schema_editor() as editor:
    CreateExtension("csat").database_forwards("readme_app", editor, ProjectState(), ProjectState())
    for model in apps.get_app_config("readme_app").get_models():
        editor.create_model(model)
runpy.run_path(os.path.join(out, "readme_django_usage.py"), run_name="__main__")
