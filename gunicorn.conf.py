"""gunicorn settings for jamcheck; every value can be overridden on the command line."""

import os

bind = os.environ.get("JAMCHECK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("JAMCHECK_WORKERS", "2"))
# Threads, so that a slow client that drips its request body holds one thread, not a whole
# worker: the login page stays reachable (tests/test_web_concurrency.py). For exposure to the
# internet, put a buffering proxy (nginx) in front as well; see the README.
worker_class = "gthread"
threads = int(os.environ.get("JAMCHECK_THREADS", "8"))
keepalive = 5
limit_request_line = 8190
limit_request_fields = 100
preload_app = True  # load spaCy and the rules once, before forking (workers share the pages)
timeout = 120  # a very long document may take a few seconds to check
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
accesslog = "-"
wsgi_app = "wsgi:app"


def post_fork(server, worker):
    """Each worker opens its own database connections."""
    app = server.app.wsgi()
    app.extensions["jamcheck.engine"].dispose(close=False)
