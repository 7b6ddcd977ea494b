"""At phone width (390 px) the main pages stay usable: no WCAG 2.1 A/AA violations, tables and
charts that scroll sideways can be reached and scrolled with the keyboard."""

from __future__ import annotations

from .steps import login


def test_main_pages_at_phone_width(page, server, a11y):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, server.url, "admin")
    for path, label in [("/admin/", "statistik (mobil)"), ("/admin/namnder", "nämnder (mobil)"),
                        ("/admin/anvandare", "användare (mobil)"),
                        ("/admin/logg", "händelselogg (mobil)"),
                        ("/arenden", "ärenden (mobil)"), ("/granskning/", "granskning (mobil)"),
                        ("/arenden/1/utkast/1", "granskning av utkast (mobil)")]:
        response = page.goto(server.url + path)
        assert response.status == 200, path
        a11y.check(page, label)
