"""Test overrides: fast hashing, no SSL redirect, in-memory e-mail."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-for-the-suite-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("BEHIND_PROXY", "0")

from config import settings as base
from config.settings import *  # noqa: F403

if "intercoop.devtools" not in base.INSTALLED_APPS:  # the scale generator and benchmarks have tests
    INSTALLED_APPS = [*base.INSTALLED_APPS, "intercoop.devtools"]
ALLOW_DEMO_SEED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database: in memory, a second writer at once is refused
    # ("table is locked") instead of waiting, so the race tests could not run on SQLite. pytest-django
    # gives each xdist worker its own file (suffix _gw0, _gw1 ...); the process id keeps two test runs
    # on one machine apart.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    _name = f"test-db-{os.environ.setdefault('INTERCOOP_TEST_RUN', str(os.getpid()))}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / _name)}  # noqa: F405
