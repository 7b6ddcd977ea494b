"""The monthly figures table (web/monthly.py) stays equal to the figures computed from the
reports through every change that moves them, and the dashboard shows the same figures as
the aggregate over the reports."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from websupport import make_app, make_org, sample

from jamcheck.web import db, monthly, services
from jamcheck.web.commands import group
from jamcheck.web.models import Case, MonthlyFigures, Revision, User
from jamcheck.web.stats import Filters, aggregate_query, build_dashboard, shape

JAN, FEB = dt.datetime(2026, 1, 15, 10), dt.datetime(2026, 2, 3, 9)


@pytest.fixture()
def org(tmp_path):
    app = make_app(tmp_path)
    return make_org(app)


def _in_step(session) -> None:
    assert monthly.differences(session) == []


def test_table_follows_uploads_rechecks_verdicts_moves_and_deletions(org):
    with org.app.app_context():
        session = db.session()
        anna, sara = session.get(User, org.users["anna"]), session.get(User, org.users["sara"])
        a, b = org.committees["A"], org.committees["B"]
        strong, weak = sample("bus_routes_strong.docx"), sample("bus_routes_weak.docx")

        first = services.create_case(session, anna, diarienummer="RS 1", title="Busslinjer",
                                     committee_id=a)
        services.add_revision(session, first, anna, "v1.docx", weak, when=JAN)
        _in_step(session)
        services.add_revision(session, first, anna, "v2.docx", strong, when=JAN)  # replaces v1
        _in_step(session)
        services.add_revision(session, first, anna, "v3.docx", weak, when=FEB)  # a new month
        _in_step(session)

        # the case moves to committee B while a draft: its next upload counts there
        services.update_case(session, first, anna, diarienummer="RS 1", title="Busslinjer",
                             committee_id=b, meeting_date=None)
        services.add_revision(session, first, anna, "v4.docx", strong, when=FEB)
        _in_step(session)

        revision = session.scalars(select(Revision).where(Revision.case_id == first.id)
                                   .order_by(Revision.number.desc())).first()
        services.recheck(session, revision, user=anna)
        session.commit()
        _in_step(session)

        # a secretary's verdicts change the confirmed basis only
        services.transition(session, first, anna, "submit")
        checker_before = _rows(session, "checker")
        services.record_verdict(session, first, first.latest, sara, "consequences", False, 1,
                                "Konsekvenserna beskrivs inte för kvinnor och män.")
        _in_step(session)
        assert _rows(session, "checker") == checker_before
        assert _rows(session, "confirmed") != checker_before

        second = services.create_case(session, anna, diarienummer="RS 2", title="Utkast",
                                      committee_id=a)
        services.add_revision(session, second, anna, "a.docx", strong, when=FEB)
        _in_step(session)
        services.delete_draft_case(session, second, anna)
        _in_step(session)
        assert session.get(Case, second.id) is None


def _rows(session, basis):
    """(month, committee) -> cases, totals and the consequences criterion's counts."""
    names = ("cases", "n_total", "sum_total", "consequences__n", "consequences__met",
             "consequences__missing")
    return {(r.month, r.committee_id): tuple(getattr(r, n) for n in names)
            for r in session.scalars(select(MonthlyFigures).where(MonthlyFigures.basis == basis))}


def test_dashboard_from_the_table_equals_the_aggregate_over_reports(org):
    with org.app.app_context():
        session = db.session()
        anna = session.get(User, org.users["anna"])
        for i, (name, when) in enumerate([("bus_routes_strong.docx", JAN),
                                          ("elderly_care_fee_medium.docx", FEB),
                                          ("utility_easement_technical.docx", FEB)]):
            case = services.create_case(session, anna, diarienummer=f"RS {i}", title=name,
                                        committee_id=org.committees["AB"[i % 2]])
            services.add_revision(session, case, anna, name, sample(name), when=when)
        for basis in ("confirmed", "checker"):
            filters = Filters(start=dt.date(2025, 12, 1), end=dt.date(2026, 3, 1), basis=basis)
            names = {cid: key for key, cid in org.committees.items()}
            live = shape(session.execute(aggregate_query(filters)).all(), filters, names)
            stored = build_dashboard(session, filters)
            assert stored.cases == live.cases == 3
            assert stored.totals == live.totals and stored.met == live.met
            assert stored.missing == live.missing


def test_rebuild_command_restores_a_table_that_drifted(org):
    with org.app.app_context():
        session = db.session()
        anna = session.get(User, org.users["anna"])
        case = services.create_case(session, anna, diarienummer="RS 9", title="Busslinjer",
                                    committee_id=org.committees["A"])
        services.add_revision(session, case, anna, "v1.docx", sample("bus_routes_weak.docx"),
                              when=JAN)
        row = session.scalars(select(MonthlyFigures)).first()
        row.cases += 5  # as after a bulk import that bypassed the services
        session.commit()
    runner = CliRunner()
    with org.app.app_context():
        checked = runner.invoke(group, ["rebuild-statistics", "--check"])
        assert checked.exit_code != 0 and "skiljer sig på" in checked.output
        rebuilt = runner.invoke(group, ["rebuild-statistics"])
        assert rebuilt.exit_code == 0, rebuilt.output
        assert "omräknad" in rebuilt.output
        again = runner.invoke(group, ["rebuild-statistics", "--check"])
        assert again.exit_code == 0 and "stämmer" in again.output
