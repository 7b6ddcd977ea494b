"""Single sign-on in Chromium: the login page sends the browser to the tests' own OpenID
Connect provider, which sends it back logged in with the role its groups map to; logout
ends the session at the provider too."""

from __future__ import annotations

import re
import sqlite3

import oidcprovider
import pytest
from playwright.sync_api import expect


@pytest.fixture(scope="module")
def provider():
    provider, stop = oidcprovider.start()
    provider.user = {"sub": "e2e-1", "name": "Vera Vald", "preferred_username": "vera",
                     "groups": ["jamcheck-sekreterare"]}
    yield provider
    stop()


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory, provider, server_factory):
    def map_group(server):
        with sqlite3.connect(server.database) as connection:
            committee = connection.execute("SELECT id FROM committees ORDER BY id").fetchone()[0]
            connection.execute('INSERT INTO sso_group_mappings ("group", role, committee_id) '
                               "VALUES ('jamcheck-sekreterare', 'secretary', ?)", (committee,))

    env = {"JAMCHECK_OIDC_ISSUER": provider.url, "JAMCHECK_OIDC_CLIENT_ID": oidcprovider.CLIENT_ID,
           "JAMCHECK_OIDC_CLIENT_SECRET": oidcprovider.CLIENT_SECRET,
           "JAMCHECK_OIDC_NAME": "Regionens inloggning"}
    with server_factory(tmp_path_factory.mktemp("e2e-sso"), env, map_group) as running:
        yield running


def test_secretary_logs_in_through_the_identity_provider(browser_context, sso_server, provider,
                                                         a11y):
    browser_context.clear_cookies()
    page = browser_context.new_page()
    page.goto(sso_server.url + "/logga-in")
    a11y.check(page, "inloggning med identitetsleverantör")
    page.get_by_role("link", name="Logga in med Regionens inloggning").click()
    expect(page).to_have_url(re.compile(r"/granskning/$"))
    expect(page.locator(".who")).to_contain_text("Vera Vald")
    expect(page.locator(".who")).to_contain_text("Nämndsekreterare")
    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(re.compile(r"/logga-in$"))
    assert provider.logouts and provider.logouts[-1].get("id_token_hint")
    page.close()
