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
                        ("/arenden/1/utkast/1", "granskning av utkast (mobil)"),
                        ("/aviseringar", "aviseringar (mobil)"), ("/konto", "mitt konto (mobil)")]:
        response = page.goto(server.url + path)
        assert response.status == 200, path
        a11y.check(page, label)


PAGES = {
    None: ["/logga-in", "/hjalp", "/tillganglighet"],
    "writer": ["/", "/arenden", "/arenden/nytt", "/arenden/1", "/arenden/1/utkast/1",
               "/konto/api-nycklar", "/konto", "/aviseringar"],
    "secretary": ["/granskning/", "/granskning/?status=approved", "/aviseringar"],
    "admin": ["/admin/", "/admin/anvandare", "/admin/anvandare/ny", "/admin/anvandare/1",
              "/admin/namnder", "/admin/regler", "/admin/avfardanden", "/admin/logg",
              "/admin/underhall", "/admin/installningar/", "/admin/inloggning/"],
}


def test_no_page_scrolls_sideways_at_390_px(browser_context, page, server):
    """Every page fits a phone: the document is never wider than the 390 px viewport (wide
    tables and charts scroll inside their own region)."""
    wide = []
    page.set_viewport_size({"width": 390, "height": 844})
    for role, paths in PAGES.items():
        browser_context.clear_cookies()
        if role:
            login(page, server.url, role)
        for path in paths:
            response = page.goto(server.url + path)
            assert response.status == 200, path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide.append((role, path, width))
    assert not wide, wide
