"""Renda settings: one module; everything that differs between deployments comes from the environment."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("RENDA_VAR_DIR", REPO_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_scopes",
    "rules.apps.AutodiscoverRulesConfig",
    "huey.contrib.djhuey",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "renda.core",
    "renda.registry",
    "renda.congress",
    "renda.suggestions",
    "renda.receptions",
    "renda.oversight",
    "renda.reports",
    "renda.campaigns",
    "renda.performance",
    "renda.practices",
    "renda.portal",
    "renda.feeds",
    "renda.opendata",
    "renda.seeding",  # the project level: the demo and seed commands, above every app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "renda.core.middleware.UserLanguageMiddleware",  # after auth: a signed-in user's own language
    "django_otp.middleware.OTPMiddleware",
    "renda.core.security.IdleSessionMiddleware",
    "renda.core.security.StaffTwoFactorMiddleware",
    "renda.core.middleware.TownScopeMiddleware",
    "renda.core.site.SiteUrlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees (and answers) a login that django-axes refused because of a lockout.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "renda.urls"
WSGI_APPLICATION = "renda.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    # First: refuses a login while the account or the address is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Every form field: aria-required on required fields, is-invalid on fields with an error (renda.core.formrender).
FORM_RENDERER = "renda.core.formrender.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "renda.core.context.navigation",
            ],
        },
    }
]

# --- database: embedded SQLite by default, PostgreSQL through DATABASE_URL ---
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'renda.sqlite3'}",
        # Persistent connections (decision 0006): a connection is kept this many seconds (0: one per request,
        # "none": for ever), checked before reuse; on SQLite that keeps the schema parsed and the page cache warm.
        conn_max_age=None
        if os.environ.get("CONN_MAX_AGE") == "none"
        else int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Password rules (the password change form and the admin): long enough, not a common one, not all digits,
# not like the user's own name.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["username", "display_name", "email", "phone"]},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("RENDA_PASSWORD_MIN_LENGTH", "8"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- language and time ---
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static files: our own plus the npm packages copied into a git-ignored folder by the set-up ---
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # collectstatic's target; WhiteNoise warns at start when it is missing
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
NODE_MODULES_DIR = Path(os.environ.get("RENDA_NODE_MODULES", REPO_DIR / "node_modules"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# --- security: a strict CSP, no inline script or style ---
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
# Idle expiry: a session ends after this many minutes without a request. IdleSessionMiddleware moves the
# expiry forward at most once every SESSION_TOUCH_SECONDS, so a page view does not write the session each time
# (a session thus ends 25 to 30 minutes after the last request).
SESSION_IDLE_MINUTES = int(os.environ.get("RENDA_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_TOUCH_SECONDS = min(300, SESSION_COOKIE_AGE // 6)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Behind TLS (RENDA_TLS=true): HSTS, cookies only over HTTPS, plain HTTP redirected. When a reverse proxy ends
# TLS, RENDA_PROXY_SSL_HEADER=true trusts its X-Forwarded-Proto header (the proxy must set it and strip the
# client's own); the client address behind it comes from RENDA_TRUSTED_PROXY_HEADER. See docs/deploy.md.
RENDA_TLS = _env_bool("RENDA_TLS", False)
if RENDA_TLS:
    SECURE_HSTS_SECONDS = int(os.environ.get("RENDA_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("RENDA_HSTS_INCLUDE_SUBDOMAINS", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("RENDA_SSL_REDIRECT", True)
if _env_bool("RENDA_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    # security.W021 asks for SECURE_HSTS_PRELOAD: the preload list is for public domains that browsers ship;
    # a government intranet host is not on it and must not be submitted, so preload stays off.
    "security.W021",
]

# --- login throttling (django-axes): lock an account, and separately an address, after repeated failures ---
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("RENDA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("RENDA_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every command; lockouts are still logged as warnings
AXES_LOCKOUT_CALLABLE = "renda.core.security.lockout_response"
# The client address is REMOTE_ADDR unless proxies stand in front: then X-Forwarded-For, counting the proxies
# (a client cannot escape the per-address lockout by sending its own header).
# One function for every client address (RENDA_TRUSTED_PROXY_HEADER / _HOPS below): the login throttle and the
# portal's limits count the same address.
AXES_CLIENT_IP_CALLABLE = "renda.core.security.client_ip_for_axes"

# --- two-factor login (django-otp TOTP) for district and town staff: RENDA_STAFF_2FA=true turns it on ---
OTP_TOTP_ISSUER = os.environ.get("RENDA_OTP_ISSUER", "人大工作平台")

# --- e-mail ---
EMAIL_URL = os.environ.get("EMAIL_URL", "console://")
if EMAIL_URL.startswith("console:"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
elif EMAIL_URL.startswith("locmem:"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
else:
    from urllib.parse import unquote, urlparse

    _mail = urlparse(EMAIL_URL)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _mail.hostname or "localhost",
                "port": _mail.port or 25,
                "username": unquote(_mail.username or ""),
                "password": unquote(_mail.password or ""),
                "use_tls": _mail.scheme in {"smtp+tls", "submission"},
                "use_ssl": _mail.scheme == "smtps",
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "renda@localhost")

# --- background work: django.tasks on Huey; SqliteHuey by default, RedisHuey with REDIS_URL ---
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY_IMMEDIATE = _env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": os.environ.get("HUEY_NAME", "renda"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "renda",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
    }
HUEY["consumer"] = {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread"}
TASKS = {"default": {"BACKEND": "renda.core.taskqueue.HueyTaskBackend"}}

# --- cache: the public forms' rate limits and used challenges must be shared by every web process, so never a
# per-process LocMem cache: Redis with REDIS_URL, else a database table (created by core's migration).
CACHE_TABLE = "renda_cache"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Processes that share one Redis but not one database must not share keys (cached grants are keyed
            # by user id): give each installation its own RENDA_CACHE_KEY_PREFIX.
            "KEY_PREFIX": os.environ.get("RENDA_CACHE_KEY_PREFIX", ""),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}}
# Sessions (decision 0008): read through the shared Redis cache and written to the database too (cached_db),
# so a page view does not read the session table; without Redis the database cache would only add a query.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)

# --- the client's address: REMOTE_ADDR, unless a reverse proxy in front sets a header (docs/deploy.md).
# RENDA_TRUSTED_PROXY_HEADER=X-Forwarded-For with RENDA_TRUSTED_PROXY_HOPS=1 (the number of proxies of
# yours that append to it) takes the address the outermost of your proxies saw; unset, REMOTE_ADDR.
TRUSTED_PROXY_HEADER = os.environ.get("RENDA_TRUSTED_PROXY_HEADER", "").strip()
TRUSTED_PROXY_HOPS = int(os.environ.get("RENDA_TRUSTED_PROXY_HOPS", "1"))

# --- API ---
NINJA_PAGINATION_PER_PAGE = 50

# --- logging ---
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_one_line": {"()": "renda.core.errorpages.ForbiddenOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Huey's consumer (run_huey) adds a handler of its own to "huey" when it has none, and the line then also
        # reached the root's console: every task line printed twice. One handler here, not propagated: once.
        "huey": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": False},
        "django.request": {"filters": ["forbidden_one_line"]},
    },
}

# --- Renda's own numbers: configuration, never literals in code (DOMAIN.md: defaults a town may change) ---
RENDA: dict[str, Any] = {  # typed for mypy: its values are of many kinds
    "PAGE_SIZE": 25,
    # District and town staff enrol a TOTP device and enter its code after the password (off for the demo).
    "STAFF_2FA": _env_bool("RENDA_STAFF_2FA", False),
    # Bounds of every year a page or the API accepts (renda.core.types): 1949 to well past any term.
    "YEAR_MIN": 1949,
    "YEAR_MAX": 2200,
    # Any stored date (birth dates included) lies in DATE_YEAR_MIN..YEAR_MAX.
    "DATE_YEAR_MIN": 1900,
    # Town congress size: 45 deputies plus one per 1,500 residents, at most 160 (Election Law).
    "CONGRESS_BASE_SEATS": 45,
    "CONGRESS_RESIDENTS_PER_EXTRA_SEAT": 1500,
    "CONGRESS_MAX_SEATS": 160,
    # An electoral district elects 1-3 deputies.
    "ELECTORAL_DISTRICT_MIN_SEATS": 1,
    "ELECTORAL_DISTRICT_MAX_SEATS": 3,
    # A deputy group has three or more deputies (Organic Law Art. 43).
    "DEPUTY_GROUP_MIN_MEMBERS": 3,
    # Presidium: one chair, one or two vice-chairs (Organic Law Art. 18).
    "PRESIDIUM_MIN_VICE_CHAIRS": 1,
    "PRESIDIUM_MAX_VICE_CHAIRS": 2,
    "TERM_YEARS": 5,
    # 工作概况: running deadlines due from today through this many days count as "due soon" on the town page.
    "FIGURES_DUE_WITHIN_DAYS": 3,
    "ROSTER_IMPORT_MAX_ROWS": 5000,
    "ROSTER_IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    # Rows of the sheet itself, blank ones included (a title, the header, the example, empty rows), and the
    # columns read: a larger declared sheet is refused before its rows are read.
    "ROSTER_IMPORT_MAX_SHEET_ROWS": 6000,
    "ROSTER_IMPORT_MAX_COLUMNS": 40,
    # --- uploads (issue 11, core/uploads.py): zip-based files (XLSX, DOCX) are refused from their central
    # directory when their members would expand past this size, count or compression ratio. The ratio counts
    # only once the members expand past UPLOAD_ZIP_RATIO_FROM_BYTES (small parts compress very well).
    "UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES": 50 * 1024 * 1024,
    "UPLOAD_ZIP_MAX_MEMBERS": 1000,
    "UPLOAD_ZIP_MAX_RATIO": 100,
    "UPLOAD_ZIP_RATIO_FROM_BYTES": 2 * 1024 * 1024,
    "API_TOKEN_DAYS": 90,
    # The calendar feed (日历订阅): events from this many days back to this many days ahead.
    "FEED_DAYS_BACK": 90,
    "FEED_DAYS_AHEAD": 365,
    "DEMO_PASSWORD": "renda-demo-2026",
    "DEMO_DISTRICT_CODE": "320509",
    "DEMO_SEED": 20260101,
    # Seats each demo town leaves unfilled (at least one), so the roster import can be tried at town level.
    "DEMO_FREE_SEATS": (1, 3),
    # --- deadlines (issue 3): due-date rules by code: (unit, amount); unit is days, months or working_days.
    # A DueRule row of the same code, edited in the admin, wins over these defaults.
    "DUE_RULES": {
        "suggestion.assign": ("working_days", 7),  # assigned within 7 working days of submission
        "suggestion.return": ("working_days", 7),  # a unit may return an item within 7 working days
        "suggestion.co_opinion": ("months", 1),  # co-units send their opinion within one month
        "suggestion.reply": ("months", 3),  # reply within 3 months of assignment
        "suggestion.reply_difficult": ("months", 6),  # 6 months for wide-ranging or difficult ones
        "suggestion.second_reply": ("months", 1),  # re-handling after 不满意
        "appeal.reply": ("months", 1),  # every appeal answered within one month
        "rectification.report": ("months", 2),  # a rectification item is put right within two months
        "rectification.recheck": ("months", 6),  # re-checked (回头看) six months after closure
        "campaign.followup": ("days", 7),  # towns follow a district campaign within one week
        # A deputy group's yearly plan: the length is read from RENDA["GROUP_PLAN_DEADLINE"] (the day of the year)
        # when the year opens; this rule is the fallback unit.
        "groupplan.filing": ("days", 30),
        "activity.notice": ("days", 3),  # reception and activity notices published three days ahead
        "suggestion.contact": ("months", 2),  # the unit contacts the deputy before replying
        "suggestion.followup": ("days", 0),  # a B/C item is checked again on its planned date
    },
    # Derived status: due soon within this many days; long overdue after this many days past due.
    "DEADLINE_DUE_SOON_DAYS": 7,
    "DEADLINE_LONG_OVERDUE_DAYS": 30,
    # Reminder steps by code: kind, offset from the due date in days (negative: before), recipient roles,
    # message template, escalation (statutory: cannot be turned off). A ReminderRule row of the same code wins.
    "REMINDER_RULES": {
        "suggestion.assign.due": ("suggestion.assign", -2, ["town_staff"], "reminder", False),
        "suggestion.reply.before30": ("suggestion.reply", -30, ["handler", "unit"], "reminder", False),
        "suggestion.reply.before7": ("suggestion.reply", -7, ["handler", "unit"], "reminder", False),
        "suggestion.reply.today": (
            "suggestion.reply",
            0,
            ["handler", "unit", "town_staff"],
            "due_today",
            False,
        ),
        "suggestion.reply.overdue": (
            "suggestion.reply",
            1,
            ["unit", "town_staff", "deputy"],
            "overdue",
            False,
        ),
        "suggestion.reply.escalate": ("suggestion.reply", 15, ["presidium"], "escalation", True),
        "suggestion.assign.overdue": ("suggestion.assign", 1, ["town_staff", "presidium"], "overdue", False),
        "suggestion.return.due": ("suggestion.return", -2, ["unit"], "reminder", False),
        "suggestion.co_opinion.before7": ("suggestion.co_opinion", -7, ["unit"], "reminder", False),
        "suggestion.co_opinion.overdue": (
            "suggestion.co_opinion",
            1,
            ["unit", "town_staff"],
            "overdue",
            False,
        ),
        "suggestion.contact.before7": ("suggestion.contact", -7, ["handler", "unit"], "reminder", False),
        "suggestion.second_reply.before7": (
            "suggestion.second_reply",
            -7,
            ["handler", "unit"],
            "reminder",
            False,
        ),
        "suggestion.second_reply.overdue": (
            "suggestion.second_reply",
            1,
            ["unit", "town_staff", "deputy"],
            "overdue",
            False,
        ),
        "suggestion.followup.due": ("suggestion.followup", 0, ["town_staff"], "due_today", False),
        "appeal.reply.before7": ("appeal.reply", -7, ["handler", "petitions"], "reminder", False),
        "appeal.reply.today": ("appeal.reply", 0, ["handler", "petitions"], "due_today", False),
        "appeal.reply.escalate": ("appeal.reply", 1, ["discipline", "petitions"], "escalation", True),
        "rectification.report.before7": ("rectification.report", -7, ["unit"], "reminder", False),
        "rectification.report.overdue": (
            "rectification.report",
            1,
            ["unit", "town_staff", "presidium"],
            "overdue",
            False,
        ),
        "campaign.followup.before2": ("campaign.followup", -2, ["town_staff"], "reminder", False),
        "campaign.followup.overdue": ("campaign.followup", 1, ["town_staff"], "overdue", False),
        # The district is told the day after a town's window closed without its follow-up.
        "campaign.followup.escalate": ("campaign.followup", 1, ["district_staff"], "escalation", True),
        "activity.notice.before": ("activity.notice", 0, ["deputy"], "activity_notice", False),
        # A group's plan not yet filed: its leader a week before the deadline, the leader and town staff after.
        "groupplan.filing.before7": ("groupplan.filing", -7, ["deputy"], "reminder", False),
        "groupplan.filing.overdue": ("groupplan.filing", 1, ["deputy", "town_staff"], "overdue", False),
    },
    # A reminder step whose roles have no one in the clock's town goes to the first of these that has someone
    # (town staff, then the district's standing-committee staff); what still has no one is recorded as
    # undelivered (未送达提醒) for town and district staff to see.
    "REMINDER_FALLBACK": ["town_staff", "district_staff"],
    # How many clocks the sweep handles per transaction.
    "SWEEP_BATCH_SIZE": 500,
    # Notifications: the SMS gateway (a class with send(phone, text)); console by default.
    "SMS_BACKEND": os.environ.get("RENDA_SMS_BACKEND", "renda.core.notifications.sms.ConsoleSmsBackend"),
    "NOTIFICATION_DIGEST_HOUR": 8,
    "NOTIFICATION_DEFAULT_DELIVERY": "immediate",  # immediate, digest or off (e-mail and SMS; the inbox always)
    # The address of the site for links that leave the browser (QR codes, notices, e-mail); unset: the address
    # of the request, or outside one the address `renda serve` was started with (renda.core.site).
    "SITE_URL": os.environ.get("RENDA_SITE_URL", ""),
    # A due date on a holiday or weekend moves to the next working day (期限届满日遇节假日顺延).
    "DEADLINE_ROLL_TO_WORKDAY": True,
    # A year chinese-calendar does not know and whose official schedule is not entered yet is provisional:
    # these statutory holidays (days each, 全国年节及纪念日放假办法 as of 2025) are rest days, computed from
    # the lunar calendar (春节 from 除夕) and the solar term 清明; weekends rest; no 调休 make-up days.
    "PROVISIONAL_HOLIDAY_DAYS": {
        "new_year": 1,
        "spring_festival": 4,
        "qingming": 1,
        "labour_day": 2,
        "dragon_boat": 1,
        "mid_autumn": 1,
        "national_day": 3,
    },
    # Years an official schedule may be entered for (the lunar tables end in 2099).
    "CALENDAR_YEARS": (2000, 2099),
    # From this day (month, day) district staff are warned while next year's schedule is not entered.
    "CALENDAR_WARN_FROM": (11, 1),
    "SWEEP_EVERY_MINUTES": 15,
    # --- suggestions (issue 4, C3) ---
    # Reasons a suggestion is not accepted (code, Chinese label); a town may change the list.
    "SUGGESTION_NOT_ACCEPTED_REASONS": [
        ("personal", "属于代表个人事务"),
        ("court_case", "涉及具体司法案件"),
        ("no_substance", "内容空泛、无实质内容"),
        ("other", "其他"),
    ],
    # Outcome classes of a reply: code, label, needs a planned completion date, stays on the follow-up list.
    "SUGGESTION_OUTCOME_CLASSES": [
        ("A", "已解决或采纳", False, False),
        ("B", "正在解决或列入计划", True, True),
        ("C", "因条件限制暂不能解决", False, True),
        ("D", "留作参考", False, False),
    ],
    # Outcome classes counted as resolved (办成) for the key-supervision resolution rate.
    "SUGGESTION_RESOLVED_CLASSES": ["A"],
    "SUGGESTION_KEY_SHARE_MIN": 15,  # per cent of the year's accepted suggestions chosen as key ones
    "SUGGESTION_KEY_SHARE_MAX": 20,
    "SUGGESTION_KEY_RESOLUTION_TARGET": 80,  # per cent (办成率)
    # The dashboards (renda.reports): the targets of their rates as (lowest, highest) per cent, either None, keyed
    # "<module>.<rate>" (docs/concepts.md "Dashboards"); the heat-table colours a rate against its target.
    "REPORT_TARGETS": {
        "suggestions.key_share": (15, 20),
        "suggestions.key_resolved_rate": (80, None),
        "appeals.reply_rate": (100, None),
    },
    "REPORT_YEARS_BACK": 4,  # the year picker offers this year and so many before it
    "REPORT_SLOWEST_UNITS": 3,  # the town dashboard marks so many units with the lowest on-time (or closing) rate
    "SUGGESTION_ATTACHMENT_MAX_BYTES": 10 * 1024 * 1024,
    "SUGGESTION_ATTACHMENT_MAX_FILES": 10,
    "SESSION_DOCUMENT_MAX_BYTES": 20 * 1024 * 1024,  # a session's documents (reports, budgets)
    "SUGGESTION_SIMILAR_COUNT": 5,  # similar suggestions shown on submission and review
    "SUGGESTION_SIMILAR_MIN_SCORE": 0.15,  # cosine similarity under which a suggestion is not shown
    "SUGGESTION_FOLLOWUP_HOUR": 7,  # the daily check of B/C follow-up dates runs at this hour
    # A key suggestion past its reply date with no supervision entry for this many days is flagged to its
    # supervisors (超过一个月未督办), once per supervisor and period; the daily sweep runs at the hour below.
    "SUGGESTION_SUPERVISION_IDLE_DAYS": 30,
    "SUGGESTION_SUPERVISION_HOUR": 7,
    # --- congress sessions (issue 6). Fractions are (numerator, denominator) pairs: no float rounding.
    # A session is held only with two thirds or more of the serving deputies present (Organic Law Art. 14).
    "SESSION_QUORUM": (2, 3),
    # A special session may be proposed by one fifth or more of the deputies.
    "SPECIAL_SESSION_REQUEST_SHARE": (1, 5),
    # Decisions and elections pass with MORE than this share of ALL serving deputies (Art. 25).
    "VOTE_MAJORITY_OF_ALL": (1, 2),
    # A motion needs five or more deputies in all (lead + co-signers); an interpellation ten (Art. 22, 24).
    "MOTION_MIN_SIGNERS": 5,
    "INTERPELLATION_MIN_SIGNERS": 10,
    # In the seed's district a session lasts at least this many days (compliance check), by session kind: the
    # regular session at the start of the year two; a kind not named here (a special session) has no minimum.
    "SESSION_MIN_DAYS": {"regular": 2},
    # Main agenda items each session kind must carry (compliance check), by session kind.
    "SESSION_MAIN_ITEMS": {
        "regular": ["government_report", "presidium_report", "budget"],
        "budget": ["budget"],
        "budget_adjustment": ["budget"],
    },
    # Unapproved absences (distinct sessions of the term): warn at the first, flag for review at the second
    # (Deputies Law Art. 62). The flag is never applied to the mandate automatically.
    "ABSENCE_WARN_AT": 1,
    "ABSENCE_FLAG_AT": 2,
    # --- receptions and appeals (issue 5) ---
    # Reception days: the 1st, 11th and 21st of every month, 9:00-11:30, published three days ahead.
    "RECEPTION_DAYS_OF_MONTH": [1, 11, 21],
    "RECEPTION_START": "09:00",
    "RECEPTION_END": "11:30",
    "RECEPTION_NOTICE_DAYS": 3,
    # A fixed reception day on a weekend or public holiday: "move" to the next working day, or "keep".
    "RECEPTION_ON_REST_DAY": "move",
    # Appeal categories (code, Chinese label); a town's list is configuration.
    "APPEAL_CATEGORIES": [
        ("roads", "道路交通"),
        ("environment", "环境卫生"),
        ("water", "水利供水"),
        ("housing", "住房建设"),
        ("social", "社会保障"),
        ("safety", "治安安全"),
        ("agriculture", "农业农村"),
        ("other", "其他"),
    ],
    # Public appeal form: at most so many submissions per window (count, seconds) per IP and per phone.
    "APPEAL_RATE_PER_IP": (5, 3600),
    "APPEAL_RATE_PER_PHONE": (3, 86400),
    # Tracking look-ups that fail: at most so many per IP per window (count, seconds).
    "TRACK_FAILURES_PER_IP": (10, 3600),
    # Open data (the OCD deputies and the Open311 appeals, public): at most so many reads per IP per window.
    "OPEN_DATA_RATE_PER_IP": (120, 3600),
    # Open311 requests.json answers at most this many appeals, newest first.
    "OPEN311_MAX_REQUESTS": 1000,
    "APPEAL_CONTENT_MAX_CHARS": 2000,
    "APPEAL_MAX_PHOTOS": 3,
    "APPEAL_PHOTO_MAX_BYTES": 5 * 1024 * 1024,
    # The arithmetic challenge: valid this many seconds; the form cannot be sent sooner than the minimum.
    "APPEAL_CHALLENGE_MAX_AGE": 3600,
    "APPEAL_MIN_SECONDS": 3,
    # An unsatisfied voter can ask for a second look this many times.
    "APPEAL_REVIEWS_MAX": 1,
    "TRACKING_CODE_LENGTH": 10,
    # --- presidium work in recess and supervision (issue 15, C5) ---
    # Invited deputies are notified this many days before an activity (to collect voters' opinions first).
    "ACTIVITY_NOTICE_DAYS": 7,
    # Months a unit has to put an item right, by the kind of its source activity (the DUE_RULES default,
    # rectification.report, for kinds not listed and for station appraisals).
    "RECTIFICATION_MONTHS_BY_KIND": {"enforcement": 2, "inspection": 2, "appraisal": 2},
    "RECTIFICATION_EVIDENCE_MAX_BYTES": 10 * 1024 * 1024,
    "ACTIVITY_DOCUMENT_MAX_BYTES": 20 * 1024 * 1024,
    "ACTIVITY_DOCUMENT_MAX_FILES": 20,
    # Station appraisal: each criterion is scored on this scale; criteria weights add up to 100.
    "APPRAISAL_SCORE_MIN": 0,
    "APPRAISAL_SCORE_MAX": 100,
    "APPRAISAL_DEFAULT_CRITERIA": [
        ("服务态度", 30),
        ("办事效率", 30),
        ("依法办事", 20),
        ("廉洁自律", 20),
    ],
    # Voters' score sheets on the portal: at most so many per window (count, seconds) per IP.
    "APPRAISAL_RATE_PER_IP": (20, 3600),
    # ... and per phone number (a voter scores several stations, each once).
    "APPRAISAL_RATE_PER_PHONE": (30, 86400),
    # A station's score mixes the deputies' and the voters' averages by these weights (the deputies' alone when
    # no voter scored it).
    "APPRAISAL_SOURCE_WEIGHTS": {"deputy": 70, "voter": 30},
    # --- district–town joint action (issue 16, C6) ---
    # Days a covered town has, from the launch, to hold its follow-up activity (a campaign may set its own).
    "CAMPAIGN_FOLLOWUP_DAYS": 7,
    "CAMPAIGN_FOLLOWUP_DAYS_MAX": 90,
    # Finding categories offered for a new campaign (a campaign keeps its own list).
    "CAMPAIGN_DEFAULT_CATEGORIES": ["群租房", "电动车室内充电", "消防通道堵塞"],
    "CAMPAIGN_CATEGORIES_MAX": 20,
    # The deputies' yearly assessment (performance): points per line of the record and the cap of a kind
    # (None: no cap); negative points for unapproved absence. A town may adjust its own before the year is assessed.
    "PERFORMANCE_POINT_RULES": {
        "congress.attended": {"points": 5, "cap": None},
        "congress.excused": {"points": 0, "cap": None},
        "congress.absent": {"points": -10, "cap": None},
        "congress.motion_led": {"points": 10, "cap": 30},
        "congress.motion_cosigned": {"points": 3, "cap": 15},
        "suggestions.led": {"points": 5, "cap": 25},
        "suggestions.cosigned": {"points": 2, "cap": 10},
        "suggestions.supervised": {"points": 3, "cap": 15},
        "receptions.served": {"points": 4, "cap": 24},
        "receptions.appeal_replied": {"points": 1, "cap": 10},
        "oversight.attended": {"points": 4, "cap": 24},
        "campaigns.chair_attended": {"points": 4, "cap": 24},
        "performance.training": {"points": 2, "cap": 10},
        "performance.other": {"points": 2, "cap": 10},
        "performance.group_activity": {"points": 3, "cap": 18},
    },
    "PERFORMANCE_POINTS_MAX": 1000,  # the largest points or cap a town may set for one kind
    # Deputy groups file their yearly activity plan with the town congress by this day of the year (month, day).
    "GROUP_PLAN_DEADLINE": (1, 31),
    "GROUP_PLAN_ITEMS_MAX": 40,  # planned activities in one plan
    # What a town publishes about its deputies until it chooses (performance.enums.PublishField codes).
    "PUBLICATION_DEFAULT_FIELDS": ["name", "level", "electoral_district", "summary"],
    # Public deputy pages: requests per client address in a window of seconds (fixed window).
    "PUBLICATION_RATE_PER_IP": (120, 60),
    # --- the practice library and the six haves (issue 17, C7, C8) ---
    # Evidence files on a town's adoption of a practice or on a six-haves item: size and number per record.
    "PRACTICE_FILE_MAX_BYTES": 10 * 1024 * 1024,
    "PRACTICE_FILE_MAX_FILES": 10,
    # A town may open its six-haves self-assessment of this year and of so many years before it.
    "SIXHAVES_YEARS_BACK": 2,
    # The largest budget line for deputies' activities a town may enter (万元).
    "SIXHAVES_BUDGET_MAX": 100000,
}
