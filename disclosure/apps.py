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


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "政府信息公开"

    def ready(self):
        # jieba loads its dictionary (~1 s) once per process: start it now in the
        # background, so the first search does not pay for it (search._jieba waits on
        # the same lock if a search comes first).
        if _is_web_process():
            from disclosure import search

            threading.Thread(target=search._jieba, name="jieba-init", daemon=True).start()
