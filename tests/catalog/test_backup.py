"""manage.py backup / restore: a restored empty database has everything, files included."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from catalog.backup import Database, find_tool
from disclosure.library.models import Attachment
from requests_app import steps
from requests_app.models import InformationRequest
from tests.conftest import make_org
from tests.disclosure import files
from tests.disclosure.builders import make_document
from tests.requests_app.builders import applicant_fields

PDF = files.pdf_bytes(pages=2)  # a real PDF: public files are parsed and cleaned
LETTER = b"%PDF-1.7\n" + b"the applicant's identity document\n" * 20


@pytest.fixture
def scratch_database():
    """An empty database on the same server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _query(settings_dict, sql):
    with Database.from_settings(settings_dict).connect() as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restored_into_an_empty_database_has_everything_files_included(
    settings, tmp_path, scratch_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    org = make_org()
    document = make_document(org, title="关于印发备份测试办法的通知")
    attachment = Attachment.objects.create(
        document=document, file=SimpleUploadedFile("办法.pdf", PDF)
    )
    req = steps.submit_online(
        org, idempotency_key="backup-test", **applicant_fields(channel="online")
    )
    steps.attach_supporting_file(req, SimpleUploadedFile("身份证明.pdf", LETTER))
    private_file = req.attachments.get()

    call_command("backup", str(tmp_path / "backups"), verbosity=0)
    (backup_dir,) = (tmp_path / "backups").iterdir()

    # A new machine: an empty database and empty file directories.
    settings.MEDIA_ROOT = tmp_path / "new-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "new-private"
    from catalog.backup import restore

    result = restore(backup_dir, database=scratch_database)
    # The draft's attachment is private until publication (disclosure.publishing.files).
    assert (result.media_files, result.private_files) == (0, 2)

    assert _query(scratch_database, "SELECT title FROM disclosure_document") == [
        ("关于印发备份测试办法的通知",)
    ]
    assert _query(
        scratch_database, "SELECT tracking_number FROM requests_app_informationrequest"
    ) == [(req.tracking_number,)]
    (names,) = _query(
        scratch_database,
        "SELECT (SELECT array_agg(file) FROM disclosure_attachment),"
        " (SELECT array_agg(file) FROM requests_app_requestattachment)",
    )
    assert names == ([attachment.file.name], [private_file.file.name])
    assert (tmp_path / "new-private" / attachment.file.name).read_bytes() == PDF
    assert (tmp_path / "new-private" / private_file.file.name).read_bytes() == LETTER
    # The statutory data came along too (the migrations are not run again).
    (calendar_days,) = _query(scratch_database, "SELECT count(*) FROM catalog_calendarday")
    assert calendar_days[0] > 0
    assert InformationRequest.objects.count() == 1  # the source is untouched


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_over_a_restored_database_keeps_the_append_only_audit_log(
    settings, tmp_path, scratch_database
):
    from catalog import audit
    from catalog.backup import restore
    from catalog.models import AuditEntry

    settings.MEDIA_ROOT = tmp_path / "media"
    audit.record(AuditEntry.Action.LOGIN, username="backup-test")
    call_command("backup", str(tmp_path / "backups"), verbosity=0)
    (backup_dir,) = (tmp_path / "backups").iterdir()

    restore(backup_dir, database=scratch_database)
    # Again, over the audit rows and trigger the first restore made (--clean drops them).
    restore(backup_dir, database=scratch_database)

    assert _query(scratch_database, "SELECT actor_username FROM catalog_auditentry") == [
        ("backup-test",)
    ]
    with pytest.raises(psycopg.errors.RaiseException, match="只能追加"):
        _query(scratch_database, "DELETE FROM catalog_auditentry")


@pytest.mark.django_db
def test_the_tools_match_the_servers_major_version():
    db = Database.from_settings(connection.settings_dict)
    major = db.server_version() // 10000
    import subprocess

    for name in ("pg_dump", "pg_restore"):
        version = subprocess.run(
            [str(find_tool(name, major)), "--version"], capture_output=True, text=True
        ).stdout
        assert f"(PostgreSQL) {major}." in version


def test_a_password_goes_to_the_tools_through_the_environment_only():
    db = Database(name="portal", host="db.internal", port="5432", user="portal", password="s3")
    env = db.env()
    assert (env["PGHOST"], env["PGDATABASE"], env["PGPASSWORD"]) == ("db.internal", "portal", "s3")


def test_restore_refuses_a_directory_that_is_not_a_backup(tmp_path):
    from catalog.backup import BackupError, restore

    with pytest.raises(BackupError, match=r"缺少 database\.dump"):
        restore(tmp_path)


def test_only_the_newest_backups_are_kept_when_asked(tmp_path):
    from catalog.backup import prune

    for stamp in ("20260101-023000", "20260102-023000", "20260103-023000"):
        (tmp_path / f"portal-backup-{stamp}").mkdir()
    removed = prune(tmp_path, keep=2)
    assert [p.name for p in removed] == ["portal-backup-20260101-023000"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "portal-backup-20260102-023000",
        "portal-backup-20260103-023000",
    ]
