"""Retention: old draft files and the quotes from them are deleted by a command, the figures
stay, the deletion is logged, and the audit log never holds document text."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from websupport import create_case, make_app, make_org, sample, upload

from jamcheck.web import db
from jamcheck.web.models import AuditEvent, Report, Revision
from jamcheck.web.retention import retention_days, set_retention_days


def test_purge_deletes_old_files_and_quotes_but_keeps_figures(tmp_path):
    org = make_org(make_app(tmp_path))
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    upload(writer, case_id, sample("bus_routes_strong.docx"))
    with org.app.app_context():
        session = db.session()
        old = session.scalar(select(Revision).where(Revision.number == 1))
        old.uploaded_at = dt.datetime(2020, 1, 1)
        quotes = [f["quote"] for f in old.report.data["findings"]
                  if f["quote"] and len(f["quote"]) > 30]  # passages, not single words
        total_before = old.report.total
        set_retention_days(session, 365, None)
        assert retention_days(session) == 365
    assert quotes

    result = org.app.test_cli_runner().invoke(args=["jamcheck", "purge-files"])
    assert result.exit_code == 0 and "1 utkastfiler" in result.output, result.output

    with org.app.app_context():
        session = db.session()
        old, new = session.scalars(select(Revision).order_by(Revision.number)).all()
        assert old.content is None and old.blocks is None and old.purged_at is not None
        assert new.content is not None  # within the period: kept
        report = session.scalar(select(Report).where(Report.revision_id == old.id))
        assert report.total == total_before and report.score_consequences is not None
        text = json.dumps(report.data, ensure_ascii=False)
        assert not any(q in text for q in quotes)
        actions = session.scalars(select(AuditEvent.action)).all()
        assert "file_purged" in actions and "retention_run" in actions
        audit_text = json.dumps([e.detail for e in session.scalars(select(AuditEvent))],
                                ensure_ascii=False)
        assert not any(q in audit_text for q in quotes)
    page = writer.get(f"/arenden/{case_id}/utkast/1")
    assert page.status_code == 200
    assert not any(q in page.get_data(as_text=True) for q in quotes)


def test_purge_without_a_period_says_so(tmp_path):
    app = make_app(tmp_path)
    result = app.test_cli_runner().invoke(args=["jamcheck", "purge-files"])
    assert result.exit_code != 0 and "Ingen gallringsfrist" in result.output


MARKER = "Zyxquorkel"


def test_purge_leaves_no_document_text_anywhere_in_the_database(tmp_path):
    """A marker word in the title, a heading, paragraphs and a dismissed passage: after the
    purge no column of any table holds it (reports, dismissals, revisions, the audit log)."""
    import docxfactory
    from sqlalchemy import text as sql

    from jamcheck.web.models import Base, Dismissal

    org = make_org(make_app(tmp_path))
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    content = docxfactory.plain(
        [f"Nya öppettider i {MARKER}hallen", f"{MARKER}hallen används av 540 elever varje vecka.",
         f"Ärendet om {MARKER}hallen bedöms inte påverka jämställdheten."],
        {1: f"Om {MARKER}hallen", 2: "Jämställdhet"})
    upload(writer, case_id, content)
    with org.app.app_context():
        data = db.session().scalar(select(Report)).data
    claim = next(f for f in data["findings"] if f["quote"] and MARKER in f["quote"])
    writer.post(f"/arenden/{case_id}/utkast/1/avfarda",
                data={"finding": claim["id"], "reason": "Motiveras i bilagan."})
    with org.app.app_context():
        session = db.session()
        assert session.scalar(select(Dismissal)) is not None
        session.scalar(select(Revision)).uploaded_at = dt.datetime(2020, 1, 1)
        set_retention_days(session, 30, None)
    run = org.app.test_cli_runner().invoke(args=["jamcheck", "purge-files"])
    assert run.exit_code == 0, run.output
    with org.app.app_context():
        session = db.session()
        for table in Base.metadata.sorted_tables:
            for row in session.execute(sql(f"SELECT * FROM {table.name}")):
                dump = " ".join(str(v) if not isinstance(v, (bytes, memoryview)) else
                                bytes(v).decode("utf-8", "replace") for v in row)
                assert MARKER.lower() not in dump.lower(), (table.name, dump[:300])
