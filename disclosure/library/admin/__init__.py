"""Admin of the 政策文件库 and 政策解读 (autodiscovery imports this package)."""

from disclosure.library.admin import concern, document, interpretation  # noqa: F401
