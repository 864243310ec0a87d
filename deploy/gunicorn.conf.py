"""gunicorn settings for CreditDesk: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Sync workers (the app does blocking database and Redis calls; one request per worker),
sized from the cores; every value can be overridden from the environment
(GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_TIMEOUT, GUNICORN_ACCESSLOG).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
# 2 per core + 1: a sync worker waits on the database about half of a request's time.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# nginx buffers slow clients, so a request holds a worker only while the app works on it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))  # a hung worker is killed and replaced
graceful_timeout = 30  # on restart, finish requests in flight (and flush view counts)
keepalive = 5  # nginx keeps upstream connections open (see the nginx site)
# Replace workers now and then (staggered) so a slow leak cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
# nginx sets X-Forwarded-*; the app trusts one proxy (CREDITDESK_TRUSTED_PROXIES=1).
forwarded_allow_ips = "127.0.0.1"

# Access log: client, request, status, size, duration in ms and the request id nginx
# generated (X-Request-ID), so an nginx log line and an app line can be matched.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
access_log_format = (
    '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms '
    'rid=%({x-request-id}i)s ua="%(a)s"'
)


def worker_exit(server, worker):
    """Add the view counts this worker kept in memory to the database before it goes."""
    from creditdesk.viewcounts import flush_all

    flush_all()
