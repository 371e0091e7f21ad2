"""Settings for intercoop, read from the environment (see README, "Configuration").

One file for every deployment; ``config.settings_test`` overrides a few values for the test suite.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "intercoop.core",
    "intercoop.org",
    "intercoop.accounts",
    "intercoop.attachments",
    "intercoop.approvals",
    "intercoop.partners",
    "intercoop.agreements",
    "intercoop.travel",
    "intercoop.mobility",
    "intercoop.influence",
    "intercoop.indicators",
    "intercoop.planning",
    "intercoop.imports",
    "intercoop.home",
    "intercoop.dashboard",
    "intercoop.api",
    "intercoop.demo",
]
# Development tools (a generated province, the benchmarks): never in a production deployment.
if DEBUG or env_bool("INTERCOOP_DEVTOOLS", False):
    INSTALLED_APPS.append("intercoop.devtools")
# seed_demo creates logins with a known password: only where DEBUG is set, or when asked for explicitly.
ALLOW_DEMO_SEED = DEBUG or env_bool("INTERCOOP_ALLOW_DEMO", False)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "intercoop.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "intercoop.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "intercoop.core.middleware.RefuseControlCharactersMiddleware",
    "intercoop.core.once.OnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "intercoop.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "intercoop.core.context_processors.shell",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests (HTMX, two approvers) should wait for a lock, not fail at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed-login throttling (accounts.throttle): per user name and per client address.
# An import's file is read (and every row checked) within this many seconds or refused as too slow, so
# that a request never outlives gunicorn's worker timeout (README: --timeout 120).
IMPORT_READ_SECONDS = int(os.environ.get("IMPORT_READ_SECONDS", "80"))
# Failed logins (accounts.throttle): growing delays per user name and address, ceilings per user name and
# per address high enough for a campus behind one NAT. The address is REMOTE_ADDR unless it is a trusted
# proxy's (TRUSTED_PROXIES), whose X-Forwarded-For is then read.
# A form sent twice waits this long for the first sending to finish (core.once) before saying so.
FORM_ONCE_WAIT_SECONDS = int(os.environ.get("FORM_ONCE_WAIT_SECONDS", "15"))
# A checked file that is never imported is discarded after this many days (imports.services.abandon_stale,
# run daily by `discard_import_files`); an imported one at once. Only its SHA-256 and report stay.
IMPORT_KEEP_UNCOMMITTED_DAYS = int(os.environ.get("IMPORT_KEEP_UNCOMMITTED_DAYS", "7"))
# A file larger than this is checked and imported by the worker (`manage.py db_worker`, started by
# `make demo`), the page showing its progress, instead of within the request (issue 18 item 6).
IMPORT_BACKGROUND_BYTES = int(os.environ.get("IMPORT_BACKGROUND_BYTES", str(2 * 1024 * 1024)))
# Long work outside requests: django-tasks with its database backend (ADR 0018); the worker is
# `manage.py db_worker`. TASKS_BACKEND=immediate runs a task at once in the caller (a shell, a test).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("TASKS_BACKEND") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}
LOGIN_THROTTLE = {
    "WINDOW_SECONDS": int(os.environ.get("LOGIN_THROTTLE_WINDOW_SECONDS", "900")),
    "PAIR_WINDOW_SECONDS": int(os.environ.get("LOGIN_THROTTLE_PAIR_WINDOW_SECONDS", "86400")),
    "FREE_FAILURES_PER_PAIR": int(os.environ.get("LOGIN_THROTTLE_FREE_PER_PAIR", "5")),
    "FIRST_DELAY_SECONDS": int(os.environ.get("LOGIN_THROTTLE_FIRST_DELAY_SECONDS", "30")),
    "MAX_DELAY_SECONDS": int(os.environ.get("LOGIN_THROTTLE_MAX_DELAY_SECONDS", "900")),
    "MAX_FAILURES_PER_USERNAME": int(os.environ.get("LOGIN_THROTTLE_MAX_PER_USERNAME", "100")),
    "MAX_FAILURES_PER_ADDRESS": int(os.environ.get("LOGIN_THROTTLE_MAX_PER_ADDRESS", "300")),
}
PASSWORD_RESET_THROTTLE = {
    "WINDOW_SECONDS": int(os.environ.get("PASSWORD_RESET_WINDOW_SECONDS", "3600")),
    "MAX_PER_EMAIL": int(os.environ.get("PASSWORD_RESET_MAX_PER_EMAIL", "3")),
    "MAX_PER_ADDRESS": int(os.environ.get("PASSWORD_RESET_MAX_PER_ADDRESS", "10")),
}
PASSWORD_RESET_TIMEOUT = int(
    os.environ.get("PASSWORD_RESET_TIMEOUT", str(60 * 60 * 24))
)  # a link lasts a day
API_TOKEN_LIFETIME_DAYS = int(os.environ.get("API_TOKEN_LIFETIME_DAYS", "90"))

# Internationalisation: Simplified Chinese by default, English complete.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True
# Cookies only over HTTPS, except in development and a production-like run on plain HTTP (make serve-prod).
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Sessions and cookies: secure by default; DEBUG (local demo over plain HTTP) relaxes the Secure flag only.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie; kept readable for tools.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything the app loads is its own (front-end libraries are vendored): core.middleware.SecurityHeaders.
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Submitting a domain to the browsers' HSTS preload list is the college's decision (it binds every
# subdomain to HTTPS for years, and campus intranets often serve subdomains over plain HTTP), so
# preload is opt-in (SECURE_HSTS_PRELOAD=1) and Django's reminder about it is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
BEHIND_PROXY = env_bool("BEHIND_PROXY", not DEBUG)
if BEHIND_PROXY:
    # gunicorn behind nginx or another reverse proxy that sets X-Forwarded-Proto and appends the client's
    # address to X-Forwarded-For (used for the login throttle and the audit log).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
# The proxies whose X-Forwarded-For is believed (addresses or networks): a request from anywhere else is
# taken at its REMOTE_ADDR, so a client talking to gunicorn directly cannot forge its address.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1" if BEHIND_PROXY else "")

# E-mail (reminders, later capabilities). Console in development, SMTP in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "intercoop@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Administrator", a) for a in env_list("ADMINS")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Pages list this many rows at a time.
PAGE_SIZE = 25
# Names shown in the UI shell.
INTERCOOP_PRODUCT_NAME = _("intercoop")
