"""The attachment files of the exchange: SHA-256 checksums (export and import alike), and
on import their fetching by URL into a work directory, checked for size and checksum and
passed through the gate of every public file (``filetypes.accept_public_upload``).
"""

from __future__ import annotations

import hashlib
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files import File

from config.web.filetypes import accept_public_upload
from disclosure.library.models.document import attachment_max_bytes
from disclosure.opendata.exchange.records import IncomingAttachment, LineError

CHUNK = 1 << 16


def file_sha256(fieldfile) -> str:
    digest = hashlib.sha256()
    with fieldfile.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def path_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fetch_url(url: str) -> IO[bytes]:
    """Open an attachment's URL (http or https only: an exchange file names no local file)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError("附件地址须以 http:// 或 https:// 开头。")
    return urllib.request.urlopen(url, timeout=60)


def downloaded_path(directory: Path, attachment: IncomingAttachment) -> Path:
    return directory / f"{attachment.sha256}-{attachment.file_name}"


def download(
    attachment: IncomingAttachment, directory: Path, fetch: Callable[[str], IO[bytes]]
) -> str:
    """Fetch one attachment into ``directory``; check its size, checksum and type, remove
    its metadata. Returns the SHA-256 of the cleaned file (the one stored)."""
    target = downloaded_path(directory, attachment)
    if target.exists():
        return path_sha256(target)
    digest, size = hashlib.sha256(), 0
    try:
        with fetch(attachment.url) as source, target.open("wb") as sink:
            for chunk in iter(lambda: source.read(CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
                if size > attachment_max_bytes():
                    raise LineError(f"附件「{attachment.title}」超过大小上限。")
                sink.write(chunk)
    except LineError:
        raise
    except Exception as exc:  # network errors, HTTP errors, refused schemes
        raise LineError(f"附件「{attachment.title}」无法下载（{attachment.url}）：{exc}") from exc
    if digest.hexdigest() != attachment.sha256:
        raise LineError(
            f"附件「{attachment.title}」的 SHA-256 校验值不符，文件可能已损坏或被改动。"
        )
    if attachment.size is not None and attachment.size != size:
        raise LineError(f"附件「{attachment.title}」的大小（{size} 字节）与记录不符。")
    with target.open("rb") as handle:
        try:
            accepted = accept_public_upload(
                File(handle, name=attachment.file_name), max_bytes=attachment_max_bytes()
            )
        except ValidationError as exc:
            raise LineError(f"附件「{attachment.title}」：{'；'.join(exc.messages)}") from exc
    if accepted.changed:
        target.write_bytes(accepted.content)
    return hashlib.sha256(accepted.content).hexdigest()
