"""End-to-end tests: the app under gunicorn, driven in headless Chromium by Playwright."""
