"""Settings for the services a production site may add, each off unless its variable is set.

``config/settings.py`` calls these with ``os.environ``; tests call them with a dict.

REDIS_URL             shared cache (rate limits, library counts) in Redis
DATABASE_REPLICA_URL  a streaming replica of PostgreSQL for the public pages' reads
S3_BUCKET             public media on S3: only the files of published items, under random names
S3_PRIVATE_BUCKET     request files and every upload of a publishable item (its record copy,
                      the only copy until publication) on S3, never public
"""

from __future__ import annotations

from collections.abc import Mapping

import dj_database_url


def caches(env: Mapping[str, str]) -> dict:
    """The local-memory cache of one process, or Redis shared by every app server.

    ``pages`` holds the stored public pages (config/web/pagecache.py) apart from
    ``default`` (rate-limit counts, cached counts, the public version): a crawler walking
    a million documents churns the pages, never the counters of the rate limits.
    """
    url = env.get("REDIS_URL", "").strip()
    if not url:
        return {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "pages": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "pages",
                # Each worker process keeps up to this many pages (≈ 30–60 kB each).
                "OPTIONS": {"MAX_ENTRIES": int(env.get("PAGE_CACHE_ENTRIES", "1000"))},
            },
        }
    prefix = env.get("CACHE_KEY_PREFIX", "portal")
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "TIMEOUT": 300,
        # A cache that does not answer within a second must not hang the page.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    return {"default": redis, "pages": {**redis, "KEY_PREFIX": f"{prefix}-pages"}}


def replica_database(env: Mapping[str, str], default: dict) -> dict | None:
    """The replica's settings, or None. Tests never create it: it mirrors ``default``."""
    url = env.get("DATABASE_REPLICA_URL", "").strip()
    if not url:
        return None
    replica = dj_database_url.parse(url, conn_max_age=default.get("CONN_MAX_AGE", 60))
    replica["CONN_HEALTH_CHECKS"] = True
    replica["TEST"] = {"MIRROR": "default"}
    return replica


def _s3_options(env: Mapping[str, str], bucket: str) -> dict:
    options = {
        "bucket_name": bucket,
        "access_key": env.get("S3_ACCESS_KEY_ID", ""),
        "secret_key": env.get("S3_SECRET_ACCESS_KEY", ""),
        "file_overwrite": False,
    }
    for option, name in (
        ("endpoint_url", "S3_ENDPOINT_URL"),
        ("region_name", "S3_REGION"),
    ):
        if env.get(name):
            options[option] = env[name]
    return options


def storages(env: Mapping[str, str], *, staticfiles_backend: str) -> dict:
    """Django's STORAGES: the file system by default, S3-compatible buckets when set.

    Public media go to ``S3_BUCKET`` with plain URLs (``S3_CUSTOM_DOMAIN`` for a CDN or the
    bucket's own site). It only ever holds published files: publication copies an item's
    uploads there under random names, withdrawal deletes them
    (``disclosure.publishing.files``); ``config.web.storage_s3.PublicS3Storage`` stores
    each with a ``ContentDisposition`` naming the original file (a download for all but
    images, PDF, audio and video). Request files and every unpublished upload go to
    ``S3_PRIVATE_BUCKET``, a separate bucket with no public access:
    ``config.web.storage_s3.PrivateS3Storage`` refuses to make a URL, so files are only
    streamed through the views that check who asks.
    """
    result = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": staticfiles_backend},
    }
    bucket = env.get("S3_BUCKET", "").strip()
    if bucket:
        public = _s3_options(env, bucket)
        public.update({"querystring_auth": False, "default_acl": None})
        if env.get("S3_CUSTOM_DOMAIN"):
            public["custom_domain"] = env["S3_CUSTOM_DOMAIN"]
        public["location"] = env.get("S3_MEDIA_PREFIX", "media")
        result["default"] = {"BACKEND": "config.web.storage_s3.PublicS3Storage", "OPTIONS": public}
    private_bucket = env.get("S3_PRIVATE_BUCKET", "").strip()
    if private_bucket:
        if private_bucket == bucket:
            raise ValueError("S3_PRIVATE_BUCKET must differ from S3_BUCKET (request files)")
        private = _s3_options(env, private_bucket)
        private.update({"default_acl": "private", "querystring_auth": True})
        private["location"] = env.get("S3_PRIVATE_PREFIX", "private")
        result["private"] = {
            "BACKEND": "config.web.storage_s3.PrivateS3Storage",
            "OPTIONS": private,
        }
    return result


def media_origin(env: Mapping[str, str]) -> str | None:
    """Where public media are served from when not this site (for the CSP)."""
    if not env.get("S3_BUCKET"):
        return None
    if env.get("S3_CUSTOM_DOMAIN"):
        return "https://" + env["S3_CUSTOM_DOMAIN"]
    endpoint = env.get("S3_ENDPOINT_URL", "").rstrip("/")
    return endpoint or "https://*.amazonaws.com"


def content_security_policy(
    extra_media_origin: str | None = None, frame_sources: str = "https:"
) -> dict[str, list[str]]:
    """No inline script, no inline style, no framing of the portal; media may come from the
    bucket; 政策解读 may embed audio/video players from https sites staff enter (the iframe
    is sandboxed; ``CSP_FRAME_SRC`` narrows it to named hosts)."""
    media = ["'self'", *([extra_media_origin] if extra_media_origin else [])]
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": [*media, "data:"],
        "media-src": media,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": frame_sources.split(),
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
