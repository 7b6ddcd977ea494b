"""Helpers for Flask test-client tests: an app on a fresh SQLite file and a small organisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jamcheck.web import create_app, db
from jamcheck.web.models import Committee, User
from jamcheck.web.services import hash_password

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PASSWORD = "rätt-lösenord-123"
_HASH: list[str] = []


def password_hash() -> str:
    """scrypt is slow on purpose; hash the shared test password once per test run."""
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    return _HASH[0]


def make_app(tmp_path: Path, csrf: bool = False, **overrides):
    config = {"DATABASE_URL": f"sqlite:///{tmp_path}/jamcheck.sqlite", "SECRET_KEY": "test",
              "WTF_CSRF_ENABLED": csrf, "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
              "MAX_UPLOAD_MB": 2}
    config.update(overrides)
    return create_app(config)


@dataclass
class Org:
    app: object
    committees: dict[str, int]
    users: dict[str, int]

    def client(self, username: str | None = None):
        client = self.app.test_client()
        if username:
            login(client, username)
        return client


def make_org(app) -> Org:
    """Two committees (A, B); writers anna and bo; secretary sara (A) and sven (B); admin ada."""
    with app.app_context():
        session = db.session()
        a, b = Committee(name="Nämnd A"), Committee(name="Nämnd B")
        session.add_all([a, b])
        people = [("anna", "writer", []), ("bo", "writer", []), ("sara", "secretary", [a]),
                  ("sven", "secretary", [b]), ("ada", "admin", [])]
        users = {}
        for username, role, committees in people:
            user = User(username=username, name=username.title(), role=role,
                        password_hash=password_hash())
            user.committees.extend(committees)
            session.add(user)
            users[username] = user
        session.commit()
        return Org(app, {"A": a.id, "B": b.id}, {k: u.id for k, u in users.items()})


def login(client, username: str, password: str = PASSWORD):
    response = client.post("/logga-in", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def create_case(client, committee_id: int, title: str = "Nya busslinjer",
                diarienummer: str = "RS 2026/1") -> int:
    response = client.post("/arenden/nytt", data={
        "diarienummer": diarienummer, "title": title, "committee": committee_id,
        "meeting_date": "2026-12-10"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(re.search(r"/arenden/(\d+)", response.location).group(1))


def upload(client, case_id: int, content: bytes, filename: str = "utkast.docx"):
    import io
    return client.post(f"/arenden/{case_id}/utkast",
                       data={"file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
