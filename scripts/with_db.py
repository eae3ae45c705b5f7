"""Run shell commands one after another with a PostgreSQL database available.

With DATABASE_URL set, that server is used as it is. Otherwise the embedded server is
started (or joined), DATABASE_URL is exported to the commands, and the server is
stopped cleanly when this script exits, Ctrl-C included.

    python scripts/with_db.py "python manage.py migrate" "python manage.py runserver"
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(commands: list[str]) -> int:
    # SIGTERM/SIGHUP (a closed terminal, a service manager) stop as cleanly as Ctrl-C.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        # Only without DATABASE_URL: start the embedded server.
        from config import embedded_db

        print("Starting the embedded PostgreSQL (data in var/pgdata) ...", flush=True)
        env["DATABASE_URL"] = embedded_db.start()
    for command in commands:
        proc = subprocess.Popen(command, shell=True, env=env)
        try:
            code = proc.wait()
        except KeyboardInterrupt:
            # The child got the same SIGINT from the terminal; let it finish cleanly.
            proc.send_signal(signal.SIGINT)
            code = proc.wait()
            print("\nStopped; the database is shut down cleanly.", flush=True)
            return 0
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
