"""Files follow the status of what they belong to.

Every upload of a publishable kind is stored in private storage (``config.web.storage``:
no URL; the private bucket on S3). Publication copies it into public storage under a
random, unguessable name (``publish_files``); withdrawal deletes that copy at once
(``withdraw_files``) while the private file stays for the record. Until then staff of the
item's agency (and the supervisor) download it through ``disclosure.publishing.views``.

A kind lists its file rows with ``PublishingKind.files``; the rows' models are built on
``PublicFile``. The original file name is kept for the download's file name.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import secrets
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse, Http404

from config.web.storage import PrivateStorage


def public_storage():
    """Where published files are served from (MEDIA_ROOT, or the public bucket)."""
    return default_storage


def public_name_for(private_name: str) -> str:
    """``documents/2026/12/通知.pdf`` → ``documents/<32 random characters>.pdf``."""
    path = PurePosixPath(private_name)
    folder = path.parts[0] if len(path.parts) > 1 else "files"
    return f"{folder}/{secrets.token_urlsafe(24)}{path.suffix.lower()}"


# What ``public_name_for`` makes: a folder, 32 random characters, the suffix.
_PUBLIC_NAME = re.compile(r"[^/]+/[A-Za-z0-9_-]{32}(\.[a-z0-9]+)?")


class PublicFile(models.Model):
    """A file of a publishable item: private until the item is published."""

    original_name = models.CharField("原文件名", max_length=255, blank=True, editable=False)
    public_name = models.CharField("公开文件名", max_length=300, blank=True, editable=False)

    #: The name of the foreign key to the item the file belongs to.
    item_field = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        new_upload = bool(self.file) and not getattr(self.file, "_committed", True)
        if new_upload:
            self.original_name = PurePosixPath(self.file.name).name[:255]
        super().save(*args, **kwargs)
        # A file added or replaced while its item is public is published at once.
        if (new_upload or not self.public_name) and self.file and self.item.is_public:
            make_public(self)
        elif new_upload and self.public_name:
            take_down(self)

    def delete(self, *args, **kwargs):
        take_down(self)
        return super().delete(*args, **kwargs)

    @property
    def item(self):
        return getattr(self, self.item_field)

    @property
    def public_url(self) -> str:
        """The file's public address, or "" while it is not public."""
        return public_storage().url(self.public_name) if self.public_name else ""

    @property
    def download_name(self) -> str:
        """The readable name a download is saved under."""
        return self.original_name or PurePosixPath(self.file.name or "").name


# The public copies made inside ``recording()``: a caller rolling back a transaction in
# which items were published deletes them (a storage write is not rolled back).
_made: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("made", default=None)


@contextlib.contextmanager
def recording():
    """Collect the names of the public copies made meanwhile (see ``discard``)."""
    names: list[str] = []
    token = _made.set(names)
    try:
        yield names
    finally:
        _made.reset(token)


def discard(names) -> None:
    """Delete public copies whose publication was rolled back."""
    for name in names:
        public_storage().delete(name)


def make_public(row: PublicFile) -> None:
    """Copy the row's private file to public storage under a random name."""
    old = row.public_name
    storage = public_storage()
    with row.file.open("rb") as handle:
        # The download name travels with the content: the S3 storage sets the object's
        # ContentDisposition from it (config.web.storage_s3.PublicS3Storage).
        content = File(handle, name=row.download_name)
        content.download_name = row.download_name
        name = storage.save(public_name_for(row.file.name), content)
    made = _made.get()
    if made is not None:
        made.append(name)
    type(row).objects.filter(pk=row.pk).update(public_name=name)
    row.public_name = name
    if old and old != name:
        storage.delete(old)


def take_down(row: PublicFile) -> None:
    """Delete the row's public copy (the private file stays)."""
    if not row.public_name:
        return
    public_storage().delete(row.public_name)
    if row.pk is not None:
        type(row).objects.filter(pk=row.pk).update(public_name="")
    row.public_name = ""


def publish_files(rows) -> None:
    for row in rows:
        if row.file and not row.public_name:
            make_public(row)


def withdraw_files(rows) -> None:
    for row in rows:
        take_down(row)


def staff_response(row: PublicFile) -> FileResponse:
    """The private file as a download with its original name (the caller checked who asks)."""
    storage = row.file.storage
    if isinstance(storage, PrivateStorage) and not storage.exists(row.file.name):
        raise Http404
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=row.download_name)


def move_existing_files(model, item_field: str) -> None:
    """For a data migration: files stored before this rule move to private storage; a
    published item's file also stays public where it was (its links keep working), a
    draft's or a withdrawn item's leaves public storage."""
    public = public_storage()
    rows = model.objects.select_related(item_field).exclude(file="").order_by("pk")
    for row in rows.iterator(chunk_size=500):
        name = row.file.name
        private = row.file.storage
        stored = name
        if not private.exists(name) and public.exists(name):
            with public.open(name, "rb") as handle:
                stored = private.save(name, handle)
        published = getattr(row, item_field).status == "published"
        if not published and public.exists(name):
            public.delete(name)
        model.objects.filter(pk=row.pk).update(
            file=stored,
            original_name=row.original_name or PurePosixPath(name).name[:255],
            public_name=name if published else "",
        )


def download_name_of(public_name: str) -> str:
    """The original name of the public file stored as ``public_name`` ("" if none)."""
    if not _PUBLIC_NAME.fullmatch(public_name):
        return ""
    for model in apps.get_models():
        if issubclass(model, PublicFile):
            row = model.objects.filter(public_name=public_name).values("original_name").first()
            if row is not None:
                return row["original_name"]
    return ""
