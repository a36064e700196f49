"""PCKB settings: one file, read from the environment (PCKB_*), safe embedded defaults."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


# Under pytest: tasks run inline (Huey immediate mode) and static files need no manifest.
TESTING = env_bool("PCKB_TESTING") or "pytest" in sys.modules

DATA_DIR = Path(os.environ.get("PCKB_DATA_DIR", "./var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The secret key comes from the environment or is generated once into the data dir."""
    if os.environ.get("PCKB_SECRET_KEY"):
        return os.environ["PCKB_SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# HMAC keys of the audit chain (pckb.core.audit_keys): PCKB_AUDIT_KEYS, or this file, generated once.
# Keep it out of the database and out of database backups.
PCKB_AUDIT_KEY_FILE = Path(os.environ.get("PCKB_AUDIT_KEY_FILE", DATA_DIR / "audit_keys"))
PCKB_AUDIT_CHECKPOINT_FILE = Path(os.environ.get("PCKB_AUDIT_CHECKPOINT_FILE", DATA_DIR / "audit_checkpoint.json"))
DEBUG = env_bool("PCKB_DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("PCKB_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("PCKB_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
DEMO = env_bool("PCKB_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "template_partials",
    "axes",
    "huey.contrib.djhuey",
    "pckb.core",
    "pckb.accounts",
    "pckb.geo",
    "pckb.organizations",
    "pckb.notifications",
    "pckb.plans",
    "pckb.targets",
    "pckb.outreach",
    "pckb.incidents",
    "pckb.exercises",
    "pckb.awards",
    "pckb.reports",
    "pckb.inspections",
]

DATABASE_URL = os.environ.get("PCKB_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'pckb.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("PCKB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the worker writes; IMMEDIATE avoids "database is locked" on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("PCKB_TEST_SQLITE_NAME") or None
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pckb.core.middleware.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "pckb.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pckb.core.middleware.VietnameseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pckb.accounts.middleware.MFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pckb.core.middleware.HtmxVaryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pckb.urls"
WSGI_APPLICATION = "pckb.wsgi.application"

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
                "pckb.core.context_processors.pckb",
                "pckb.notifications.context_processors.unread",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    # Hashing is deliberately slow; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes): counted per username and address.
AXES_FAILURE_LIMIT = env_int("PCKB_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("PCKB_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Forms and filters read dd/mm/yyyy (what the date picker writes) and ISO, in both languages.
FORMAT_MODULE_PATH = ["pckb.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("PCKB_STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("PCKB_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not TESTING
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MIMETYPES = {".geojson": "application/geo+json"}  # the maps' province outlines
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PCKB_MAX_UPLOAD_MB = env_int("PCKB_MAX_UPLOAD_MB", 20)
# Excel imports (core.imports): bounds checked on the upload's bytes before any parsing, and the size
# above which the rows are checked and created in the worker instead of the request.
PCKB_IMPORT_MAX_UPLOAD_MB = env_int("PCKB_IMPORT_MAX_UPLOAD_MB", 10)
PCKB_IMPORT_MAX_UNCOMPRESSED_MB = env_int("PCKB_IMPORT_MAX_UNCOMPRESSED_MB", 100)
PCKB_IMPORT_MAX_RATIO = env_int("PCKB_IMPORT_MAX_RATIO", 100)
PCKB_IMPORT_MAX_ROWS = env_int("PCKB_IMPORT_MAX_ROWS", 10_000)
PCKB_IMPORT_MAX_CELL_CHARS = env_int("PCKB_IMPORT_MAX_CELL_CHARS", 32_767)
PCKB_IMPORT_INLINE_ROWS = env_int("PCKB_IMPORT_INLINE_ROWS", 1_000)
PCKB_IMPORT_TIME_LIMIT = env_int("PCKB_IMPORT_TIME_LIMIT", 300)
# Periodic reports: days between a period's cut-off and the due date of a new template (reports).
PCKB_REPORT_DEADLINE_DAYS = env_int("PCKB_REPORT_DEADLINE_DAYS", 4)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("PCKB_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("PCKB_SESSION_HOURS", 12) * 3600
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("PCKB_BEHIND_PROXY") else None
X_FRAME_OPTIONS = "DENY"
# HTTPS (README, "Production deployment"): off for the local demo, on in the documented production set.
SECURE_SSL_REDIRECT = env_bool("PCKB_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe speaks plain HTTP to the app server
SECURE_HSTS_SECONDS = env_int("PCKB_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PCKB_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("PCKB_HSTS_PRELOAD", False)
# Two-step sign-in (pckb.accounts.mfa): required of administrators and managers when on (production).
PCKB_MFA_REQUIRED = env_bool("PCKB_MFA_REQUIRED", False)
OTP_TOTP_ISSUER = "PCKB"
# Django's own admin is off unless asked for: every day-to-day task has its own page.
DJANGO_ADMIN = env_bool("PCKB_DJANGO_ADMIN", False)

# Maps (core/_map.html, docs/architecture.md "Maps"): province outlines on a plain background by default;
# a tile server (e.g. an intranet one, "https://tiles.example.gov.vn/{z}/{x}/{y}.png") is drawn beneath
# them when set, and its origin is allowed in the CSP's img-src. A points endpoint answers at most
# PCKB_MAP_MAX_POINTS points (core.views_map.MapPointsView).
PCKB_MAP_TILE_URL = os.environ.get("PCKB_MAP_TILE_URL", "")
PCKB_MAP_TILE_ATTRIBUTION = os.environ.get("PCKB_MAP_TILE_ATTRIBUTION", "")
PCKB_MAP_MAX_POINTS = env_int("PCKB_MAP_MAX_POINTS", 20_000)

# Incidents (docs/incidents.md): an alert not acknowledged within these minutes, per severity 1-4,
# escalates to the alerted organisation's managers and its committee's standing office; a report
# alerts the standing offices of this many committees above the reporting unit's own, per severity.
PCKB_INCIDENT_ESCALATION_MINUTES = {
    level: env_int(f"PCKB_INCIDENT_ESCALATION_MINUTES_{level}", minutes)
    for level, minutes in {1: 60, 2: 30, 3: 15, 4: 10}.items()
}
PCKB_INCIDENT_ALERT_LEVELS = {1: 0, 2: 0, 3: 1, 4: 2}
# An idle live board asks "anything new?" this often (seconds); the answer is 204 when nothing changed.
PCKB_INCIDENT_POLL_SECONDS = env_int("PCKB_INCIDENT_POLL_SECONDS", 5)


def tile_origin(url: str) -> str:
    """The CSP source of a tile URL template: "https://{s}.tile.example.org/{z}/..." → "https://*.tile.example.org"."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    if not scheme or not host:
        return ""
    return f"{scheme}://{host.replace('{s}', '*')}"


# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere. Scripts and styles are
# static files; style attributes are classes (pckb.css). PCKB_CSP_IMG_HOSTS adds other image origins.
# Leaflet positions the map's panes and markers through element.style (CSSOM), which style-src allows.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/django-admin/"],  # Django's admin, when enabled, has inline scripts
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws its check marks and select arrows as data: SVG images.
        "img-src": [
            SELF,
            "data:",
            *[h for h in os.environ.get("PCKB_CSP_IMG_HOSTS", "").split(",") if h],
            *([tile_origin(PCKB_MAP_TILE_URL)] if tile_origin(PCKB_MAP_TILE_URL) else []),
        ],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# What a page of this system never needs from the browser.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(self), gyroscope=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)

REDIS_URL = os.environ.get("PCKB_REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "pckb",
        "url": REDIS_URL,
        "immediate": env_bool("PCKB_HUEY_IMMEDIATE", TESTING),
        "consumer": {"workers": env_int("PCKB_WORKER_THREADS", 2), "worker_type": "thread"},
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "pckb",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": env_bool("PCKB_HUEY_IMMEDIATE", TESTING),
        "consumer": {"workers": env_int("PCKB_WORKER_THREADS", 2), "worker_type": "thread"},
    }

EMAIL_HOST = os.environ.get("PCKB_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PCKB_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("PCKB_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PCKB_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PCKB_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("PCKB_EMAIL_FROM", "PCKB <pckb@localhost>")
EMAIL_BACKEND = os.environ.get(
    "PCKB_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("PCKB_EMAIL_HOST")
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
# E-mails still unsent this many seconds after their notification are queued again (a killed worker's).
PCKB_EMAIL_SWEEP_AFTER = env_int("PCKB_EMAIL_SWEEP_AFTER", 300)
SITE_URL = os.environ.get("PCKB_SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "pckb.core.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "pckb.core.authentication.TokenScopePermission",
    ],
    "DEFAULT_PAGINATION_CLASS": "pckb.core.pagination.CappedAPIPagination",
    "DEFAULT_PARSER_CLASSES": [
        "pckb.core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "pckb.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "pckb.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PCKB API",
    "DESCRIPTION": "API of the counter-terrorism steering committees' information system.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema describes a sensitive system's surface: signed-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui-dist",
    # One schema name per choice set: several models have a `status` (and transitions a `to`) field.
    "ENUM_NAME_OVERRIDES": {
        "TaskStatusEnum": "pckb.plans.choices.TaskStatus",
        "PlanStatusEnum": "pckb.plans.choices.PlanStatus",
        "ReportSubmissionStatusEnum": "pckb.reports.choices.SubmissionStatus",
        "UnitKindEnum": "pckb.inspections.choices.UnitKind",
    },
    "SWAGGER_UI_FAVICON_HREF": "/static/pckb/favicon.svg",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "pckb.core.schema.optional_detail_fields",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Refused requests (403, 404, ...) are one INFO line without traceback; 5xx keep theirs.
    "filters": {"refused_requests": {"()": "pckb.core.logging.RefusedRequestFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["refused_requests"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("PCKB_LOG_LEVEL", "WARNING")},
}
