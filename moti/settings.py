"""Moti settings: one file, driven by the environment, SQLite unless DATABASE_URL says otherwise."""

import datetime
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Development first: a fresh checkout runs. Production sets DEBUG=false and SECRET_KEY(_FILE),
# and refuses to start without a key.
DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="") or (
    Path(env.str("SECRET_KEY_FILE")).read_text().strip() if env.str("SECRET_KEY_FILE", default="")
    else ""
)
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-moti-development-only"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "moti.core",
    "moti.audit",
    "moti.directory",
    "moti.clients",
    "moti.messaging",
    "moti.teams",
    "moti.plans",
    "moti.paths",
    "moti.access",
    "moti.dpo",
    "moti.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "moti.core.middleware.SessionIdleTimeout",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After the user is known: its 400 page is drawn in the site's frame, for them.
    "moti.core.middleware.RefuseNulBytes",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Benchmarks (bench/bench_pages.py): a floor page to measure against, query counts in a header.
MOTI_BENCH = env.bool("MOTI_BENCH", default=False)
if MOTI_BENCH:
    MIDDLEWARE.insert(0, "moti.core.middleware.QueryCountHeader")

ROOT_URLCONF = "moti.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "moti" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "moti.access.context_processors.capabilities",
            ],
        },
    },
]

WSGI_APPLICATION = "moti.wsgi.application"

# Two aliases: "default" for everything, "log" for the use and disclosure logs (moti.audit),
# so that a log row is written in a short transaction of its own, durably even when the
# request rolls back, and never under a lock that a request holds. On SQLite the log is a file
# of its own beside the main one; on PostgreSQL it is the same database through a connection of
# its own, in production as a role that may only read and append to the log tables
# (LOG_DATABASE_URL, see docs/operations.md).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'moti.sqlite3'}")}
if env.str("LOG_DATABASE_URL", default=""):
    DATABASES["log"] = env.db("LOG_DATABASE_URL")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    main = Path(DATABASES["default"]["NAME"])
    DATABASES["log"] = {**DATABASES["default"], "NAME": str(main.with_name(f"{main.stem}-log"
                                                                            f"{main.suffix}"))}
else:
    DATABASES["log"] = dict(DATABASES["default"])
LOG_DATABASE_SHARED = all(DATABASES["log"].get(key) == DATABASES["default"].get(key)
                          for key in ("ENGINE", "NAME", "HOST", "PORT"))
DATABASE_ROUTERS = ["moti.audit.router.LogRouter"]
PG_RANDOM_PAGE_COST = env.str("PG_RANDOM_PAGE_COST", default="1.1")  # "" leaves the server's
for alias, database in DATABASES.items():
    # Persistent connections, checked before reuse (a second alias doubles the cost otherwise).
    database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
    database["CONN_HEALTH_CHECKS"] = True
    # Django's engines, with a flush that steps around the log triggers (moti/audit/db).
    database["ENGINE"] = database["ENGINE"].replace("django.db.backends.", "moti.audit.db.")
    if database["ENGINE"] == "moti.audit.db.sqlite3":
        # WAL lets readers go on while one writes; writers wait (busy timeout) instead of
        # failing; a transaction takes the write lock when it begins, so that one that reads
        # and then writes cannot be refused halfway ("database is locked").
        database["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
        }
        # Tests get databases in memory, one per test process (pytest -n): pytest-django names
        # per-worker files only for Django's own engine and would share one file otherwise.
        database["TEST"] = {"NAME": ":memory:"}
    else:
        # A form's choices (the team's members) are read with `.iterator()`, which on
        # PostgreSQL opens a server-side cursor: DECLARE, FETCH and CLOSE, three round trips
        # for a list of ten. Client-side it is one. The log keeps them: `verify-logs` streams
        # millions of rows through one, in one snapshot, in little memory.
        database["DISABLE_SERVER_SIDE_CURSORS"] = alias != "log"
        if PG_RANDOM_PAGE_COST:
            # Random reads cost about what sequential ones do on SSDs: at PostgreSQL's default
            # (4, for spinning disks) the planner scans a county's 25,000 teams to find a
            # coordinator's 300 (docs/performance.md). An operator may set it in the server.
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c random_page_cost=" \
                                 f"{PG_RANDOM_PAGE_COST}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "moti" / "locale"]
FORMAT_MODULE_PATH = ["moti.formats"]  # Finland-Swedish and English dates as written here
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "moti" / "static",
    ("hds", BASE_DIR / "node_modules" / "hds-core" / "lib"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
WHITENOISE_USE_FINDERS = True

FORM_RENDERER = "moti.core.forms.MotiFormRenderer"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
MOTI_EMERGENCY_ACCESS_HOURS = env.int("MOTI_EMERGENCY_ACCESS_HOURS", default=4)
# Identity-code lookups (and the add-client form's duplicate checks) a user may make within the
# window; more are refused and logged, and stand out on the DPO's page.
MOTI_LOOKUP_LIMIT = env.int("MOTI_LOOKUP_LIMIT", default=30)
MOTI_LOOKUP_WINDOW = datetime.timedelta(minutes=env.int("MOTI_LOOKUP_WINDOW_MINUTES",
                                                        default=60))

# --- Background work -------------------------------------------------------------------------
# Django's tasks API (the django-tasks backport) with its database backend: `moti worker` runs
# the queue and the periodic jobs below; several workers may share one database.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND",
                                        default="django_tasks_db.DatabaseBackend")}}
# Periodic jobs: task path → every N seconds. One worker enqueues each run (core/scheduler.py).
MOTI_PERIODIC_TASKS = {
    "moti.audit.tasks.seal_logs": env.int("MOTI_LOG_SEAL_SECONDS", default=5),
    # Retries of messages that failed (new ones are delivered at once, enqueued on commit).
    "moti.messaging.tasks.deliver_outbox": env.int("MOTI_OUTBOX_RETRY_SECONDS", default=30),
    "moti.messaging.tasks.purge_outbox": 24 * 3600,
    # Reminders and the weekly digest: looked for hourly, each sent once a day from 7.00.
    "moti.teams.tasks.send_reminders": env.int("MOTI_REMINDER_SECONDS", default=3600),
    # The triage's kept counts (teams/triage.py): what a write or the clock made stale.
    "moti.teams.tasks.recount_triage": env.int("MOTI_TRIAGE_SECONDS", default=60),
    # Transitions at risk: looked for hourly, each told once.
    "moti.access.tasks.watch_transitions": env.int("MOTI_TRANSITION_WATCH_SECONDS",
                                                  default=3600),
    # Service-path figures: looked for hourly, counted once a day.
    "moti.paths.tasks.count_path_figures": env.int("MOTI_FIGURES_SECONDS", default=3600),
}

# --- Sealing the logs (docs/data-protection.md) ----------------------------------------------
VAR_DIR = Path(env.str("MOTI_VAR_DIR", default=str(BASE_DIR / "var")))
# The Ed25519 key that signs checkpoints; only the worker needs it. Never in the database.
MOTI_LOG_SIGNING_KEY = env.str("MOTI_LOG_SIGNING_KEY", default="")
MOTI_LOG_SIGNING_KEY_FILE = env.str("MOTI_LOG_SIGNING_KEY_FILE",
                                    default=str(VAR_DIR / "log-signing-key.pem"))
MOTI_LOG_VERIFY_KEY_FILE = env.str("MOTI_LOG_VERIFY_KEY_FILE", default="")
# Rows are sealed once they are this old, so that none is skipped while it commits.
MOTI_LOG_SEAL_GRACE_SECONDS = env.float("MOTI_LOG_SEAL_GRACE_SECONDS", default=2.0)
# Where checkpoints are kept outside the database.
# Rows unsealed longer than this, or sealed this long after they were written, are reported by
# verify-logs; the sealer does not send a witness history older than this (witness-backfill).
MOTI_LOG_MAX_SEAL_LAG_SECONDS = env.int("MOTI_LOG_MAX_SEAL_LAG_SECONDS", default=300)
MOTI_LOG_WITNESSES = [{"BACKEND": "moti.audit.witness.FileWitness",
                       "PATH": env.str("MOTI_LOG_WITNESS_FILE",
                                       default=str(VAR_DIR / "checkpoints.jsonl"))}]
if env.str("MOTI_LOG_WITNESS_URL", default=""):
    MOTI_LOG_WITNESSES.append({"BACKEND": "moti.audit.witness.HttpWitness",
                               "URL": env.str("MOTI_LOG_WITNESS_URL")})

# --- Messages: the outbox (docs/operations.md) ------------------------------------------------
# Links in messages point here (the RSVP page, the meeting in Moti).
MOTI_BASE_URL = env.str("MOTI_BASE_URL", default="http://127.0.0.1:8000")
MOTI_MAIL_DOMAIN = env.str("MOTI_MAIL_DOMAIN", default="moti.invalid")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"Moti <noreply@{MOTI_MAIL_DOMAIN}>")
# E-mail: `.eml` files in var/outbox/email/ unless production names SMTP
# (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST …).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="moti.messaging.channels.EmlFileBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
MOTI_OUTBOX_DIR = env.str("MOTI_OUTBOX_DIR", default=str(VAR_DIR / "outbox"))
MOTI_SMS_BACKEND = env.str("MOTI_SMS_BACKEND", default="moti.messaging.channels.FileSmsBackend")
MOTI_LETTER_QUEUE = env.str("MOTI_LETTER_QUEUE",
                            default="moti.messaging.channels.FolderLetterQueue")
MOTI_LETTER_DIR = env.str("MOTI_LETTER_DIR", default=str(VAR_DIR / "outbox" / "letters"))
# A sender's claim on a message: longer than any send takes (EMAIL_TIMEOUT); a worker killed
# mid-send leaves the message due again after it.
MOTI_OUTBOX_LEASE_SECONDS = env.float("MOTI_OUTBOX_LEASE_SECONDS", default=300)
MOTI_OUTBOX_MAX_ATTEMPTS = env.int("MOTI_OUTBOX_MAX_ATTEMPTS", default=8)
# A delivery batch yields the worker after this long (the logs are sealed in the same queue).
MOTI_OUTBOX_BATCH_SECONDS = env.float("MOTI_OUTBOX_BATCH_SECONDS", default=10)
MOTI_OUTBOX_RETENTION_DAYS = env.int("MOTI_OUTBOX_RETENTION_DAYS", default=90)
# Scheduling: time to travel between two places, and the hours the next free times are sought.
MOTI_TRAVEL_MARGIN_MINUTES = env.int("MOTI_TRAVEL_MARGIN_MINUTES", default=30)
MOTI_WORKING_HOURS = (8, 16)
# Triage: a team with no meeting held or scheduled for this many weeks needs attention.
MOTI_TRIAGE_MEETING_WEEKS = env.int("MOTI_TRIAGE_MEETING_WEEKS", default=6)
# Transition watch: a service that ends within this many days, or has ended, with no next
# step is at risk; one that ended longer ago than the lookback is history (docs/paths.md).
MOTI_TRANSITION_DAYS = env.int("MOTI_TRANSITION_DAYS", default=14)
MOTI_TRANSITION_LOOKBACK_DAYS = env.int("MOTI_TRANSITION_LOOKBACK_DAYS", default=90)
# A referral left this long in one state (sent, received, accepted) shows in the triage.
MOTI_REFERRAL_STUCK_DAYS = env.int("MOTI_REFERRAL_STUCK_DAYS", default=14)

# --- Hardening -------------------------------------------------------------------------------
# Two-factor sign-in (TOTP) for every professional; off by default only in development.
MOTI_REQUIRE_2FA = env.bool("MOTI_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "Moti"

# Login throttling: five failures lock the username from that address for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind reverse proxies the client's address is in X-Forwarded-For (core/login.py client_ip);
# without this every user would share the proxy's address, and its lockouts.
MOTI_TRUSTED_PROXIES = env.int("TRUSTED_PROXIES",
                               default=1 if env.bool("BEHIND_HTTPS_PROXY", default=False) else 0)
AXES_CLIENT_IP_CALLABLE = "moti.core.login.client_ip"
# ...and an address is refused after this many failures over all usernames (core/login.py).
MOTI_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("MOTI_LOGIN_ADDRESS_FAILURE_LIMIT", default=30)

# Idle timeout: the session ends after 30 minutes without a request (the session is touched at
# most once a minute while in use: moti.core.middleware.SessionIdleTimeout).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env.bool(
    "SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Content Security Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# Retention (GDPR storage limitation): how long each kind of record is kept, in years.
MOTI_RETENTION = {
    # A client whose every team closed this long ago, with nothing newer, is pseudonymised.
    "closed_client_years": env.int("RETENTION_CLOSED_CLIENT_YEARS", default=12),
    # A concern that never led to a team is removed after this long.
    "unconvened_concern_years": env.int("RETENTION_UNCONVENED_CONCERN_YEARS", default=2),
}
