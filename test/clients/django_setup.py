"""Django configured for the tests: the PostgreSQL database of the PG*
environment variables, clients/python on sys.path, and the given apps.

    import django_setup; django_setup.configure(["csat_django_app"])
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))


def configure(apps, path=()):
    """Set up Django with INSTALLED_APPS = apps; path: more sys.path entries."""
    sys.path[:0] = [*path, here, os.path.join(here, "..", "..", "clients", "python")]
    import django
    from django.conf import settings
    settings.configure(
        DATABASES={"default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ["PGDATABASE"],
            "HOST": os.environ.get("PGHOST", ""),
            "PORT": os.environ.get("PGPORT", ""),
            "USER": os.environ.get("PGUSER", ""),
            "PASSWORD": os.environ.get("PGPASSWORD", ""),
        }},
        INSTALLED_APPS=list(apps),
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )
    django.setup()
