import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def ruleset():
    from jamcheck.ruleset import default_ruleset

    return default_ruleset()


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for this test run (see tests/pgserver.py)."""
    from pgserver import PostgresServer

    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database of each kind: tests using it run on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/jamcheck.sqlite"
    server = request.getfixturevalue("postgres")
    return server.create_database(f"t{abs(hash(request.node.nodeid)) % 10**10}")


@pytest.fixture
def org(tmp_path):
    """A fresh app on SQLite with the test organisation (websupport.make_org): two committees,
    writers anna and bo, secretaries sara and sven, admin ada. Modules that need another
    organisation define their own `org`."""
    from websupport import make_app, make_org

    return make_org(make_app(tmp_path))
