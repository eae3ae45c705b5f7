"""The 政策文件库 (documents, validity, search) and 政策解读."""

import os
import sys
import threading

from django.apps import AppConfig


def _is_web_process() -> bool:
    """A WSGI/ASGI server or runserver (not tests, migrations or other commands)."""
    if "pytest" in sys.modules or os.environ.get("DISCLOSURE_WARM_JIEBA") == "0":
        return False
    program = os.path.basename(sys.argv[0]) if sys.argv else ""
    if program in ("manage.py", "django-admin"):
        return len(sys.argv) > 1 and sys.argv[1] == "runserver"
    return True


class LibraryConfig(AppConfig):
    name = "disclosure.library"
    label = "library"
    verbose_name = "政策文件库与政策解读"

    def ready(self):
        # Models are loaded only now: register documents and interpretations with the
        # publishing core.
        from disclosure.library import kinds, search

        kinds.register_kinds()
        # jieba loads its dictionary (~1 s) once per process: start it now in the
        # background, so the first search does not pay for it (search._jieba waits on
        # the same lock if a search comes first).
        if _is_web_process():
            threading.Thread(target=search._jieba, name="jieba-init", daemon=True).start()
