"""gunicorn settings for jamcheck; every value can be overridden on the command line."""

import os

bind = os.environ.get("JAMCHECK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("JAMCHECK_WORKERS", "2"))
threads = 1
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
