"""The one settings module. Every knob is an environment variable listed in the README."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO

from huquq.env import ConfigError, envbool, envint, envlist, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent

HUQUQ_ENV = envstr("HUQUQ_ENV", "demo")
if HUQUQ_ENV not in {"demo", "production"}:
    raise ConfigError(f"HUQUQ_ENV must be demo or production, not {HUQUQ_ENV!r}")
DEMO = HUQUQ_ENV == "demo"

DATA_DIR = Path(envstr("HUQUQ_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)


def _demo_secret_key() -> str:
    """Demo only: a random key kept in the data dir, so sessions survive a restart."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = envsecret("SECRET_KEY") or (_demo_secret_key() if DEMO else "")
if not SECRET_KEY:
    raise ConfigError("SECRET_KEY (or SECRET_KEY_FILE) must be set when HUQUQ_ENV=production")

DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEMO else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_rq",  # `huquq rqworker default` runs tasks when TASKS_BACKEND=rq
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",  # serves /api/docs from our own static files, so the CSP needs no CDN
    "huquq.core",
    "huquq.security",
    "huquq.cases",
    "huquq.intake",
    "huquq.incidents",
    "huquq.reports",
    "huquq.bot",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "huquq.core.middleware.ClientLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "huquq.core.middleware.StaffLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "huquq.security.lock_middleware.LockedServerMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "huquq.urls"
WSGI_APPLICATION = "huquq.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            # Tests fail on undefined template variables (after Weblate).
            "string_if_invalid": envstr("TEMPLATE_STRING_IF_INVALID", ""),
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{DATA_DIR / 'huquq.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while a request is written; IMMEDIATE avoids lock upgrades.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "security.User"
LOGIN_URL = "/staff/login/"
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "/staff/login/"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins before checking them
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after repeated failed logins (password or second factor): see docs/access.md.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 60))
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # keep no record of successful logins' addresses
AXES_CLIENT_IP_CALLABLE = "huquq.security.auth.login_client_address"
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Huquq"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

REDIS_URL = envstr("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            # Shared by every worker process on the host, so rate limits hold across them.
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    )
}

TASKS = {
    "default": (
        {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
        if envstr("TASKS_BACKEND") == "rq"
        else {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    )
}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # the age above is an idle timeout, not an absolute one
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin: Chromium sends "Origin: null" on form posts under no-referrer, failing CSRF.
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere: every page works with only our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
if not DEMO:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if not ALLOWED_HOSTS:
        raise ConfigError("ALLOWED_HOSTS must name the public host when HUQUQ_ENV=production")
    if not SECURE_SSL_REDIRECT or SECURE_HSTS_SECONDS < 86400:
        raise ConfigError("HUQUQ_ENV=production needs HTTPS: SECURE_SSL_REDIRECT and HSTS")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ConfigError("SECRET_KEY must be a long random value (50 characters or more)")

LANGUAGE_CODE = "ru"
LANG_INFO["uz-cyrl"] = {
    "bidi": False,
    "code": "uz-cyrl",
    "name": "Uzbek (Cyrillic)",
    "name_local": "Ўзбекча",
}
LANGUAGES = [
    ("ru", "Русский"),
    ("uz", "Oʻzbekcha"),
    ("uz-cyrl", "Ўзбекча"),
    ("tg", "Тоҷикӣ"),
    ("ky", "Кыргызча"),
    ("en", "English"),
]
STAFF_LANGUAGES = ("ru", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Moscow"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the project's own; apps keep theirs in <app>/static
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing one before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "uploads"

DATA_UPLOAD_MAX_MEMORY_SIZE = envint("MAX_REQUEST_BYTES", 256 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# Uploads stay in memory until sealed: a larger file is dropped, never spooled to disk in clear.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
# The help form refuses a submission sooner than this after the page was served (no bot waits).
HUMANITY_MIN_SECONDS = envint("HUMANITY_MIN_SECONDS", 3)

# The help form, the API and the bot share these limits (see README, "Abuse resistance").
INTAKE_MAX_TEXT_CHARS = envint("INTAKE_MAX_TEXT_CHARS", 10_000)
INTAKE_RATE_PER_ADDRESS = envint("INTAKE_RATE_PER_ADDRESS", 60)
INTAKE_RATE_WINDOW_SECONDS = envint("INTAKE_RATE_WINDOW_SECONDS", 600)

TELEGRAM_BOT_TOKEN = envsecret("TELEGRAM_BOT_TOKEN")
TELEGRAM_API_URL = envstr("TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/")
TELEGRAM_WEBHOOK_SECRET = envsecret("TELEGRAM_WEBHOOK_SECRET")  # empty: no webhook

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if envstr("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = envstr("EMAIL_HOST")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = True
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "huquq@localhost")
# Who hears about locked staff accounts (comma-separated e-mail addresses).
ADMINS = [("Huquq admins", address) for address in envlist("ADMIN_EMAILS")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # httpx logs every URL it calls, and a Telegram URL holds the bot token.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        # python-telegram-bot logs request parameters and answers (people's messages) at DEBUG.
        "telegram": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        # django-axes logs usernames with addresses; our own lockout alert logs neither.
        "axes": {"level": "ERROR"},
    },
}
# Models retrained from staff corrections live in the data dir; triage loads the newest of
# these and the shipped default.
os.environ.setdefault("HUQUQ_TRIAGE_MODEL_DIR", str(DATA_DIR / "triage-models"))
HUQUQ_TRIAGE_FUNCTION = envstr("HUQUQ_TRIAGE_FUNCTION", "huquq.triage.analyse")
# Public reports hide every count from 1 to k-1 (see huquq/reports/suppression.py).
HUQUQ_REPORT_K = envint("HUQUQ_REPORT_K", 5)
TRUSTED_PROXY_HEADER = envstr("TRUSTED_PROXY_HEADER")
CSRF_FAILURE_VIEW = "huquq.core.views.csrf_failure"
#: Where staff reach this server, for links in notifications.
PUBLIC_URL = envstr("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
#: Passkeys (docs/passkeys.md): the origin staff's browsers are at, and the relying-party id
#: (a host name) every passkey is bound to. Browsers refuse an IP address as RP id, so by
#: default a loopback PUBLIC_URL is reached as localhost for passkeys.
PASSKEY_ORIGIN = envstr(
    "PASSKEY_ORIGIN", PUBLIC_URL.replace("//127.0.0.1", "//localhost", 1)
).rstrip("/")
PASSKEY_RP_ID = envstr("PASSKEY_RP_ID", urlsplit(PASSKEY_ORIGIN).hostname or "")
