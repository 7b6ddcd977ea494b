"""Single sign-on over OpenID Connect against a provider the tests start themselves: the first
login creates the user with the role and committees its groups map to; every way a login
can be forged or go stale is refused with a Swedish message and creates nothing."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

import oidcprovider
import pytest
import requests
from sqlalchemy import func, select
from websupport import make_app, make_org

from jamcheck.web import db
from jamcheck.web.models import SsoGroupMapping, User


@pytest.fixture(scope="module")
def provider():
    provider, stop = oidcprovider.start()
    yield provider
    stop()


@pytest.fixture
def org(tmp_path, provider):
    provider.behaviour.clear()
    provider.user = {"sub": "u-4711", "name": "Kim Karlsson", "preferred_username": "kim",
                     "email": "kim@region.se", "groups": ["jamcheck-handlaggare"]}
    org = make_org(make_app(tmp_path, OIDC_ISSUER=provider.url,
                            OIDC_CLIENT_ID=oidcprovider.CLIENT_ID,
                            OIDC_CLIENT_SECRET=oidcprovider.CLIENT_SECRET,
                            OIDC_NAME="Regionens inloggning"))
    with org.app.app_context():
        session = db.session()
        session.add_all([
            SsoGroupMapping(group="jamcheck-handlaggare", role="writer"),
            SsoGroupMapping(group="jamcheck-sekreterare-a", role="secretary",
                            committee_id=org.committees["A"]),
            SsoGroupMapping(group="jamcheck-sekreterare-a", committee_id=org.committees["B"])])
        session.commit()
    return org


def sso_login(client, replay: bool = False):
    """Start at jamcheck, follow the provider's redirect, and return jamcheck's answer."""
    r = client.get("/logga-in/sso")
    assert r.status_code == 302
    at_provider = requests.get(r.headers["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    answer = client.get(f"{back.path}?{back.query}")
    if replay:
        return answer, client.get(f"{back.path}?{back.query}")
    return answer


def users(org) -> int:
    with org.app.app_context():
        return db.session().scalar(select(func.count(User.id)))


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_first_login_creates_the_user_with_the_mapped_role(org):
    client = org.app.test_client()
    assert "Logga in med Regionens inloggning" in text(client.get("/logga-in"))
    before = users(org)
    r = sso_login(client)
    assert r.status_code == 302 and users(org) == before + 1
    assert client.get("/arenden").status_code == 200  # logged in as a writer
    with org.app.app_context():
        user = db.session().scalar(select(User).where(User.username == "kim"))
        assert user.role == "writer" and user.email == "kim@region.se"
        assert user.sso_subject.endswith("|u-4711")


def test_groups_are_applied_at_every_login_and_a_lost_group_loses_access(org, provider):
    client = org.app.test_client()
    sso_login(client)
    provider.user["groups"] = ["jamcheck-sekreterare-a", "annan-grupp"]
    client = org.app.test_client()
    sso_login(client)
    with org.app.app_context():
        user = db.session().scalar(select(User).where(User.username == "kim"))
        assert user.role == "secretary"
        assert sorted(c.name for c in user.committees) == ["Nämnd A", "Nämnd B"]
    assert client.get("/granskning/").status_code == 200
    provider.user["groups"] = ["annan-grupp"]
    r = sso_login(org.app.test_client())
    assert r.status_code == 403 and "ingen grupp som ger behörighet" in text(r)
    with org.app.app_context():
        assert not db.session().scalar(select(User).where(User.username == "kim")).active
    assert client.get("/granskning/").status_code in (302, 401)  # the old session has ended


@pytest.mark.parametrize("behaviour,message", [
    ("issuer", "inte utfärdat av er identitetsleverantör"),
    ("audience", "inte utfärdat av er identitetsleverantör"),
    ("expired", "har gått ut"),
    ("signature", "ogiltig signatur"),
    ("nonce", "hör inte till det här inloggningsförsöket"),
])
def test_forged_or_stale_tokens_are_refused_and_create_nothing(org, provider, behaviour, message):
    provider.behaviour.add(behaviour)
    before = users(org)
    r = sso_login(org.app.test_client())
    assert r.status_code == 401 and message in text(r), text(r)[:2000]
    assert users(org) == before


def test_a_replayed_state_is_refused(org):
    before = users(org)
    client = org.app.test_client()
    first, again = sso_login(client, replay=True)
    assert first.status_code == 302
    assert again.status_code == 401 and "okänt eller redan använt" in text(again)
    assert users(org) == before + 1  # only the first login created the user


def test_a_user_without_a_mapped_group_is_refused_and_not_created(org, provider):
    provider.user["groups"] = []
    before = users(org)
    r = sso_login(org.app.test_client())
    assert r.status_code == 403 and "ingen grupp som ger behörighet" in text(r)
    assert users(org) == before


def test_logout_ends_the_session_at_the_provider_too(org, provider):
    client = org.app.test_client()
    sso_login(client)
    page = client.get("/arenden").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    r = client.post("/logga-ut", data={"csrf_token": token})
    assert r.status_code == 302 and r.headers["Location"].startswith(f"{provider.url}/logout")
    assert "id_token_hint=" in r.headers["Location"]
    assert client.get("/arenden").status_code == 302  # logged out here


def test_local_passwords_can_be_turned_off(tmp_path, provider):
    org = make_org(make_app(tmp_path, OIDC_ISSUER=provider.url,
                            OIDC_CLIENT_ID=oidcprovider.CLIENT_ID,
                            OIDC_CLIENT_SECRET=oidcprovider.CLIENT_SECRET, LOCAL_LOGIN=False))
    client = org.app.test_client()
    page = text(client.get("/logga-in"))
    assert 'name="password"' not in page and "Logga in med" in page
    r = client.post("/logga-in", data={"username": "anna", "password": "x"})
    assert r.status_code == 401 and "lokala lösenord är avstängda" in text(r)


def test_the_administrator_maps_groups_to_roles_and_committees(org, provider):
    admin = org.client("ada")
    assert org.client("anna").get("/admin/inloggning/").status_code == 403
    r = admin.post("/admin/inloggning/", data={"group": "tomt", "role": "", "committee": ""})
    assert r.status_code == 400 and "Välj en roll, en nämnd eller båda" in text(r)
    r = admin.post("/admin/inloggning/", data={"group": "jamcheck-admin", "role": "admin",
                                               "committee": ""})
    assert r.status_code == 302
    page = text(admin.get("/admin/inloggning/"))
    assert "jamcheck-admin" in page and "Administratör" in page and provider.url in page
    provider.user["groups"] = ["jamcheck-admin"]
    client = org.app.test_client()
    sso_login(client)
    assert client.get("/admin/").status_code == 200
