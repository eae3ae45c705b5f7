"""gunicorn settings for the portal (``gunicorn -c deploy/gunicorn.conf.py config.wsgi``).

nginx in front (deploy/nginx-portal.conf) ends TLS, buffers slow clients and uploads, and
proxies to this address. Each variable below can be overridden from the environment.
"""

import multiprocessing
import os

# Loopback only: nginx is the one door. Several app servers: bind a private address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers: nginx buffers requests and responses, so a worker never waits on a client.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request taking longer is a bug or an outage; the 503 page answers outages sooner.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (slow leaks in long-running processes). Not too often: a
# new worker starts with an empty memory cache (the stored public pages) unless Redis is
# configured, and a busy portal answers thousands of cached pages a second.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Trust X-Forwarded-* only from nginx on this machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
# No query strings in the access log: search terms and tracking numbers stay out of it.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)ss "%(a)s"'
proc_name = "portal"
