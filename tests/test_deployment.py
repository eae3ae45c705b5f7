"""Production services, each off by default: replica router, Redis cache, S3 media."""

from __future__ import annotations

import re
import socket
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from config import db_router, services
from config.db_router import PrimaryReplicaRouter, may_read_replica
from config.web.storage import private_storage

# -- defaults: make run / make test see none of it ---------------------------------------


def test_every_production_service_is_off_without_its_variable(settings):
    assert services.caches({})["default"]["BACKEND"].endswith("LocMemCache")
    assert services.replica_database({}, {}) is None
    assert set(services.storages({}, staticfiles_backend="x")) == {"default", "staticfiles"}
    assert "replica" not in settings.DATABASES
    assert not getattr(settings, "DATABASE_ROUTERS", [])


# -- the read replica ---------------------------------------------------------------------


def test_the_replica_url_adds_a_mirrored_database():
    replica = services.replica_database(
        {"DATABASE_REPLICA_URL": "postgres://portal:pw@replica.internal:5432/portal"},
        {"CONN_MAX_AGE": 60},
    )
    assert replica["HOST"] == "replica.internal"
    assert replica["TEST"] == {"MIRROR": "default"}  # tests never create a second database
    assert replica["CONN_HEALTH_CHECKS"] is True


@pytest.fixture
def with_replica():
    # Installed only when DATABASE_REPLICA_URL is set; its decisions need no second server.
    return PrimaryReplicaRouter()


def _request(rf, path="/zcwjk/", method="get", **cookies):
    request = getattr(rf, method)(path)
    request.COOKIES.update(cookies)
    return request


def _reading(request):
    token = db_router._replica_allowed.set(may_read_replica(request))
    return token


def test_public_pages_read_from_the_replica(rf, with_replica):
    from disclosure.library.models import Document

    token = _reading(_request(rf, "/zcwjk/"))
    try:
        assert with_replica.db_for_read(Document) == "replica"
    finally:
        db_router._replica_allowed.reset(token)


@pytest.mark.parametrize(
    "path, method, cookies",
    [
        ("/zcwjk/", "post", {}),  # a form sent
        ("/admin/library/document/", "get", {}),
        ("/zcwjk/staff/from-request/1/", "get", {}),
        ("/ysqgk/track/", "get", {}),  # an applicant must see what was just submitted
        ("/zcwjk/", "get", {"sessionid": "abc"}),  # staff or an applicant with a session
    ],
)
def test_everything_else_reads_from_the_primary(rf, with_replica, path, method, cookies):
    from disclosure.library.models import Document

    token = _reading(_request(rf, path, method, **cookies))
    try:
        assert with_replica.db_for_read(Document) == "default"
    finally:
        db_router._replica_allowed.reset(token)


@pytest.mark.django_db
def test_reads_inside_a_transaction_go_to_the_primary(rf, with_replica):
    from disclosure.library.models import Document

    token = _reading(_request(rf, "/zcwjk/"))
    try:
        with transaction.atomic():
            assert with_replica.db_for_read(Document) == "default"
    finally:
        db_router._replica_allowed.reset(token)


def test_writes_logins_and_migrations_go_to_the_primary(rf, with_replica):
    from django.contrib.sessions.models import Session

    from disclosure.library.models import Document

    token = _reading(_request(rf, "/zcwjk/"))
    try:
        assert with_replica.db_for_write(Document) == "default"
        assert with_replica.db_for_read(Session) == "default"
    finally:
        db_router._replica_allowed.reset(token)
    assert with_replica.allow_migrate("default", "disclosure")
    assert not with_replica.allow_migrate("replica", "disclosure")


def test_outside_a_request_reads_go_to_the_primary(with_replica):
    from disclosure.library.models import Document

    assert with_replica.db_for_read(Document) == "default"  # commands, workers, shells


def test_the_middleware_marks_only_the_request_it_handles(rf):
    seen = []
    middleware = db_router.ReplicaReadsMiddleware(
        lambda request: seen.append(db_router._replica_allowed.get()) or SimpleNamespace()
    )
    middleware(_request(rf, "/zcwjk/"))
    assert seen == [True]
    assert db_router._replica_allowed.get() is False


# -- Redis ----------------------------------------------------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_redis_url_selects_djangos_redis_cache():
    config = services.caches({"REDIS_URL": REDIS_URL})["default"]
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == REDIS_URL


def test_stored_pages_share_redis_under_their_own_prefix():
    configured = services.caches({"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": "xxgk"})
    assert configured["pages"]["LOCATION"] == REDIS_URL
    assert configured["pages"]["KEY_PREFIX"] == "xxgk-pages"
    assert configured["default"]["KEY_PREFIX"] == "xxgk"


def test_without_redis_each_process_keeps_a_bounded_number_of_pages():
    pages = services.caches({"PAGE_CACHE_ENTRIES": "500"})["pages"]
    assert pages["BACKEND"].endswith("LocMemCache")
    assert pages["OPTIONS"]["MAX_ENTRIES"] == 500


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_rate_limits_are_shared_by_app_servers_through_redis(settings):
    import redis

    from config.web.ratelimit import hit

    prefix = f"portal-test-{uuid.uuid4().hex[:8]}"
    shared = services.caches({"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix})
    try:
        settings.CACHES = shared  # app server A
        assert hit("apply", "203.0.113.5", limit=2, window=60)
        assert hit("apply", "203.0.113.5", limit=2, window=60)
        settings.CACHES = {**shared}  # app server B: new cache clients, same Redis
        assert not hit("apply", "203.0.113.5", limit=2, window=60)
        assert hit("apply", "198.51.100.1", limit=2, window=60)
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}:*"):  # never FLUSHDB a shared server
            client.delete(key)


# -- S3-compatible media ---------------------------------------------------------------------

S3_ENV = {
    "S3_BUCKET": "portal-media",
    "S3_PRIVATE_BUCKET": "portal-private",
    "S3_ENDPOINT_URL": "https://oss.example.gov.cn",
    "S3_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "S3_SECRET_ACCESS_KEY": "secret",
    "S3_CUSTOM_DOMAIN": "media.xxgk.example.gov.cn",
}


def test_s3_settings_put_public_media_and_request_files_in_separate_buckets():
    result = services.storages(S3_ENV, staticfiles_backend="x")
    public, private = result["default"], result["private"]
    assert public["BACKEND"] == "config.web.storage_s3.PublicS3Storage"
    assert public["OPTIONS"]["bucket_name"] == "portal-media"
    assert public["OPTIONS"]["querystring_auth"] is False
    assert private["BACKEND"] == "config.web.storage_s3.PrivateS3Storage"
    assert private["OPTIONS"]["bucket_name"] == "portal-private"
    assert private["OPTIONS"]["default_acl"] == "private"
    assert "custom_domain" not in private["OPTIONS"]


def test_request_files_on_s3_have_no_url():
    from django.utils.module_loading import import_string

    config = services.storages(S3_ENV, staticfiles_backend="x")
    public = import_string(config["default"]["BACKEND"])(**config["default"]["OPTIONS"])
    private = import_string(config["private"]["BACKEND"])(**config["private"]["OPTIONS"])
    assert (
        public.url("zcwjk/2026/a.pdf") == "https://media.xxgk.example.gov.cn/media/zcwjk/2026/a.pdf"
    )
    with pytest.raises(ValueError, match="不能通过公开网址访问"):
        private.url("ysqgk/2026/letter.pdf")


def test_the_private_bucket_must_not_be_the_public_one():
    with pytest.raises(ValueError):
        services.storages({**S3_ENV, "S3_PRIVATE_BUCKET": "portal-media"}, staticfiles_backend="x")


def test_request_files_use_the_private_bucket_when_configured(settings):
    from config.web.storage import PrivateStorage, private_storage

    assert isinstance(private_storage(), PrivateStorage)
    settings.STORAGES = {
        **settings.STORAGES,
        "private": services.storages(S3_ENV, staticfiles_backend="x")["private"],
    }
    assert type(private_storage()).__name__ == "PrivateS3Storage"


def test_the_content_security_policy_allows_media_from_the_bucket():
    policy = services.content_security_policy(services.media_origin(S3_ENV))
    assert policy["img-src"][:2] == ["'self'", "https://media.xxgk.example.gov.cn"]
    assert policy["script-src"] == ["'self'"]


# -- daily commands ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_calendar_check_fails_while_a_needed_year_is_missing(monkeypatch):
    monkeypatch.setattr(
        "catalog.management.commands.check_calendar.missing_schedule_years", lambda: [2027]
    )
    with pytest.raises(CommandError, match="2027年的节假日安排尚未录入"):
        call_command("check_calendar")


@pytest.mark.django_db
def test_the_calendar_check_passes_when_the_schedules_are_in(monkeypatch, capsys):
    monkeypatch.setattr(
        "catalog.management.commands.check_calendar.missing_schedule_years", lambda: []
    )
    call_command("check_calendar")
    assert "工作日历完整" in capsys.readouterr().out


def test_the_environment_switches_each_service_on_in_the_settings():
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = dict(
        os.environ,
        DATABASE_REPLICA_URL="postgres://portal@replica.internal:5432/portal",
        REDIS_URL=REDIS_URL,
        TRUSTED_PROXIES="1",
        **S3_ENV,
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([sorted(s.DATABASES), s.DATABASE_ROUTERS,"
        " 'config.db_router.ReplicaReadsMiddleware' in s.MIDDLEWARE,"
        " s.CACHES['default']['BACKEND'], s.STORAGES['default']['BACKEND'],"
        " s.STORAGES['private']['BACKEND'], s.SECURE_PROXY_SSL_HEADER]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == [
        ["default", "replica"],
        ["config.db_router.PrimaryReplicaRouter"],
        True,
        "django.core.cache.backends.redis.RedisCache",
        "config.web.storage_s3.PublicS3Storage",
        "config.web.storage_s3.PrivateS3Storage",
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]


# -- private files sent by nginx (X-Accel-Redirect) ---------------------------------------


@pytest.fixture
def private_attachment(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from requests_app import steps
    from tests.conftest import make_org
    from tests.requests_app.builders import applicant_fields

    req = steps.submit_online(make_org(), idempotency_key="x-accel", **applicant_fields())
    steps.attach_supporting_file(req, SimpleUploadedFile("证明.pdf", b"%PDF-1.7\n..."))
    return req.attachments.get()


def test_behind_nginx_private_files_are_handed_to_its_internal_location(
    settings, private_attachment
):
    from config.web.storage import attachment_response

    settings.PRIVATE_MEDIA_X_ACCEL = "/_private/"
    response = attachment_response(private_attachment)
    assert response["X-Accel-Redirect"].startswith("/_private/")
    assert response["X-Accel-Redirect"].endswith(".pdf")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content == b""  # nginx sends the bytes


def test_without_nginx_django_streams_private_files(private_attachment):
    from config.web.storage import attachment_response

    response = attachment_response(private_attachment)
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n..."


# -- files of unpublished items ----------------------------------------------------------


def test_nginx_serves_only_public_media_and_keeps_private_files_internal():
    conf = (Path(__file__).resolve().parent.parent / "deploy" / "nginx-portal.conf").read_text()
    media = conf[conf.index("location ^~ /media/") :]
    media = media[: media.index("location /_private/")]
    # /media/ is MEDIA_ROOT only (published files under random names), never listed.
    assert "alias /srv/portal/var/media/;" in media
    assert "autoindex off;" in media
    assert "/srv/portal/var/private/" not in media
    # The private root (drafts' files, request files) is reachable only by X-Accel-Redirect.
    private = conf[conf.index("location /_private/") :]
    private = private[: private.index("}")]
    assert "internal;" in private
    assert "alias /srv/portal/var/private/;" in private
    aliases = re.findall(r"alias (\S+);", conf)
    assert aliases.count("/srv/portal/var/private/") == 1
    assert not [
        a
        for a in aliases
        if a.startswith("/srv/portal/var/") and "private" not in a and a != "/srv/portal/var/media/"
    ]


def test_on_s3_unpublished_files_go_to_the_private_bucket_and_published_ones_keep_their_name(
    settings,
):
    # Imported here: the S3 storages need boto3, which only an S3 deployment installs.
    from config.web.storage_s3 import download_disposition

    config = services.storages(S3_ENV, staticfiles_backend="x")
    settings.STORAGES = {**settings.STORAGES, "private": config["private"]}
    assert config["default"]["BACKEND"] == "config.web.storage_s3.PublicS3Storage"
    # Every publishable upload's field uses private_storage (its record copy, the only one
    # until publication): on S3 the private bucket, which makes no URL.
    assert type(private_storage()).__name__ == "PrivateS3Storage"
    with pytest.raises(ValueError, match="不能通过公开网址访问"):
        private_storage().url("documents/2026/12/通知.pdf")
    public = import_string(config["default"]["BACKEND"])(**config["default"]["OPTIONS"])
    content = ContentFile(b"%PDF-1.4", name="通知.pdf")
    content.download_name = "关于印发办法的通知.docx"
    params = public._get_write_parameters("documents/Ab3.docx", content)
    assert params["ContentDisposition"].startswith("attachment;")
    assert "filename*=utf-8''" in params["ContentDisposition"]
    assert download_disposition("documents/Ab3.pdf", "通知.pdf").startswith("inline;")
    assert download_disposition("documents/Ab3.pdf") is None
