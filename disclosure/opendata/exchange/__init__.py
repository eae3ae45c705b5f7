"""The bulk exchange format of the 政策文件库: JSON Lines, one published document a line.

For handing an agency's documents to an upper-level platform (「数据同源」: it takes them
instead of retyping them) and for taking them in. The format is documented in
``docs/exchange-format.md``; ``FORMAT`` names its version.

Export (``export_documents``, in ``export``): an agency's 已发布、主动公开 documents, oldest
first, each with its metadata, its validity as of the export day, its repeal/amend
relations by 索引号, and its attachments' absolute URLs (``settings.PORTAL_BASE_URL``) with
SHA-256 checksums.

Import (``import_documents``, in ``importing``): keyed on the 索引号, idempotent and all or
nothing; each line is checked and resolved by ``records``, attachments are fetched and
checked by ``files``.

The names callers use are importable from here.
"""

from __future__ import annotations

from disclosure.opendata.exchange.export import document_record, export_documents, export_queryset
from disclosure.opendata.exchange.files import fetch_url, file_sha256
from disclosure.opendata.exchange.importing import SOURCE_PREFIX, ImportReport, import_documents
from disclosure.opendata.exchange.records import FORMAT, LineError

__all__ = [
    "FORMAT",
    "SOURCE_PREFIX",
    "ImportReport",
    "LineError",
    "document_record",
    "export_documents",
    "export_queryset",
    "fetch_url",
    "file_sha256",
    "import_documents",
]
