"""The read-only JSON API of published data, /api/v1/ (see ``views`` and ``openapi``)."""
