"""The same code on SQLite and PostgreSQL: migrations from empty to head and back, and the
main workflow with its stored figures."""

from __future__ import annotations

from sqlalchemy import inspect, select
from websupport import create_case, make_app, make_org, sample, upload

from jamcheck.criteria import CRITERIA
from jamcheck.web import db, monthly
from jamcheck.web.db import make_engine
from jamcheck.web.migrate import downgrade, upgrade
from jamcheck.web.models import Base, Case, Report

TABLES = set(Base.metadata.tables) | {"alembic_version"}


def test_migrations_run_from_empty_to_head_and_back(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) == TABLES
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) == TABLES
    engine.dispose()


def test_workflow_and_figures_on_each_database(database_url, tmp_path):
    org = make_org(make_app(tmp_path, DATABASE_URL=database_url))
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    assert upload(writer, case_id, sample("bus_routes_weak.docx")).status_code == 302
    assert upload(writer, case_id, sample("bus_routes_strong.docx")).status_code == 302
    writer.post(f"/arenden/{case_id}/skicka-in")
    secretary = org.client("sara")
    verdicts = {f"{c}-verdict": "agree" for c in CRITERIA}
    verdicts.update({"measures-verdict": "1", "measures-comment": "Åtgärden saknar tidplan."})
    assert secretary.post(f"/granskning/{case_id}/bedomningar", data=verdicts).status_code == 302
    assert secretary.post(f"/granskning/{case_id}/godkann").status_code == 302
    assert "Godkänt för nämnden" in writer.get("/aviseringar").get_data(as_text=True)
    admin = org.client("ada")
    for basis in ("", "?underlag=jamcheck"):  # the confirmed figures' outer join and CASE
        assert admin.get(f"/admin/{basis}").status_code == 200
        assert admin.get(f"/admin/export.csv{basis}").status_code == 200
    assert admin.post("/admin/installningar/", data={
        "goals-0-name": "Jämlikt Göteborg", "goals-0-terms": "", "goals-0-description": "",
        "analysis_headings": "", "decision_headings": "", "neutral_words": "",
        "not_target_words": "", "note": ""}).status_code == 302
    assert admin.post("/admin/inloggning/", data={"group": "g", "role": "writer",
                                                  "committee": ""}).status_code == 302
    with org.app.app_context():
        session = db.session()
        assert session.get(Case, case_id).state == "approved"
        reports = session.scalars(select(Report).order_by(Report.id)).all()
        assert [r.in_stats for r in reports] == [False, True]  # same month: the last counts
        assert reports[1].total == reports[1].data["total"]["percent"]
        assert monthly.differences(session) == []  # the dashboard's table kept in step
        session.close()
        # the migration that adds that table fills it from the reports already stored
        downgrade(db.engine(), "0011")
        upgrade(db.engine())
        assert monthly.differences(db.session()) == []
        db.session().close()
        db.engine().dispose()


def test_models_and_migrations_agree(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(f"sqlite:///{tmp_path}/m.sqlite")
    upgrade(engine)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_control_characters_in_typed_text_are_dropped(database_url, tmp_path):
    """PostgreSQL refuses NUL in text: typed text is cleaned before it is stored."""
    org = make_org(make_app(tmp_path, DATABASE_URL=database_url))
    writer = org.client("anna")
    r = org.client().post("/logga-in", data={"username": "an\x00na", "password": "x"})
    assert r.status_code == 401
    case_id = create_case(writer, org.committees["A"], title="Nya\x00 busslinjer\x07")
    with org.app.app_context():
        assert db.session().get(Case, case_id).title == "Nya busslinjer"
        db.engine().dispose()


def test_models_and_migrations_do_not_load_spacy(tmp_path):
    """The criteria ids live in a module without dependencies: the ORM models and a migration
    run do not import the rule set or spaCy (a migration on a server stays quick)."""
    import subprocess
    import sys

    code = ("import sys; import jamcheck.web.models; from jamcheck.web import db; "
            "from jamcheck.web.migrate import upgrade; "
            f"upgrade(db.make_engine('sqlite:///{tmp_path}/m.sqlite')); "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr
