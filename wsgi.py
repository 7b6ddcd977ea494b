"""WSGI entry point for the web application (issue 4); until it lands, importing fails clearly."""

raise SystemExit("jamcheck: webbapplikationen finns inte ännu; använd kommandot `jamcheck check`.")
