"""Models of the 政府信息公开 column, one module per aggregate."""

from disclosure.models.column import Guide, Regulation

__all__ = ["Guide", "Regulation"]
