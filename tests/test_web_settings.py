"""The administrator's settings page: versions with history, the report that records which
settings it was checked with, export and import, and a re-check of open cases."""

from __future__ import annotations

import html
import io

import docxfactory as f
from sqlalchemy import func, select
from websupport import create_case, upload

from jamcheck.settings import OrgSettings
from jamcheck.web import db
from jamcheck.web.models import OrgSettingsVersion, Report

DRAFT = f.plain(["Ny busslinje i Angered",
                 "Linje 5 dras in. Kvinnor reser oftare med linje 5 än män.",
                 "Förslaget bidrar till målen i Jämlikt Göteborg."], {1: "Ärendet"})


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def form(goal: str = "", terms: str = "", analysis: str = "", note: str = "") -> dict:
    data = {"goals-0-name": goal, "goals-0-terms": terms, "goals-0-description": "",
            "goals-1-name": "", "analysis_headings": analysis, "decision_headings": "",
            "neutral_words": "", "not_target_words": "", "note": note}
    return data


def goals_score(report: Report) -> int | None:
    return report.score("equality_goals")


def test_settings_change_the_judgement_and_old_reports_keep_theirs(org):
    admin, writer = org.client("ada"), org.client("anna")
    assert writer.get("/admin/installningar/").status_code == 403
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, DRAFT)  # revision 1: no settings yet
    r = admin.post("/admin/installningar/", data=form("Jämlikt Göteborg", "jämlikhetsprogrammet",
                                                       note="Stadens program"))
    assert r.status_code == 302
    page = text(admin.get("/admin/installningar/"))
    assert "version 1" in page and "Stadens program" in page
    assert "1 öppet ärende" in page  # checked with other settings: offered a re-check
    upload(writer, case_id, DRAFT)  # revision 2: checked with version 1
    with org.app.app_context():
        first, second = db.session().scalars(select(Report).order_by(Report.id)).all()
        assert goals_score(first) == 1 and goals_score(second) == 3
        assert "+org1-" in second.rules_version and "+org" not in first.rules_version
    report_page = text(writer.get(f"/arenden/{case_id}/utkast/2"))
    assert "organisationens inställningar version 1" in report_page
    assert "organisationens mål ”Jämlikt Göteborg”" in report_page
    # a new version; the old report still names version 1, whose page still shows its goal
    assert admin.post("/admin/installningar/", data=form("Ett jämställt Göteborg")).status_code == 302
    assert "organisationens inställningar version 1" in text(writer.get(f"/arenden/{case_id}/utkast/2"))
    old = text(writer.get("/admin/installningar/version/1"))
    assert "Jämlikt Göteborg" in old and "Har ersatts av en senare version" in old
    # the same settings again: no new version
    admin.post("/admin/installningar/", data=form("Ett jämställt Göteborg"))
    with org.app.app_context():
        assert db.session().scalar(select(func.count(OrgSettingsVersion.id))) == 2
    # re-check the open case with version 2: a new report, the old ones kept
    r = admin.post("/admin/installningar/granska-om")
    assert r.status_code == 302
    with org.app.app_context():
        reports = db.session().scalars(select(Report).order_by(Report.id)).all()
        assert len(reports) == 3 and "+org2-" in reports[-1].rules_version
        assert goals_score(reports[-1]) == 1  # version 2 no longer has that goal


def test_bad_settings_are_refused_with_a_swedish_message(org):
    admin = org.client("ada")
    r = admin.post("/admin/installningar/", data=dict(form(), neutral_words="två ord"))
    assert r.status_code == 400 and "ska vara ett ord" in text(r)
    with org.app.app_context():
        assert db.session().scalar(select(func.count(OrgSettingsVersion.id))) == 0


def test_export_and_import_as_yaml(org):
    admin = org.client("ada")
    admin.post("/admin/installningar/", data=form("Jämlikt Göteborg", "jämlikhetsprogrammet",
                                                  analysis="Social hållbarhet och jämställdhet"))
    r = admin.get("/admin/installningar/export.yml")
    assert r.status_code == 200 and "jamcheck-installningar-version-1.yml" in r.headers[
        "Content-Disposition"]
    exported = OrgSettings.from_yaml(r.get_data(as_text=True))
    assert exported.goals[0].terms == ("jämlikhetsprogrammet",)
    changed = exported.to_yaml().replace("Jämlikt Göteborg", "Jämställt Göteborg")
    r = admin.post("/admin/installningar/importera", content_type="multipart/form-data",
                   data={"file": (io.BytesIO(changed.encode("utf-8")), "org.yml")})
    assert r.status_code == 302
    assert "Jämställt Göteborg" in text(admin.get("/admin/installningar/version/2"))
    r = admin.post("/admin/installningar/importera", content_type="multipart/form-data",
                   data={"file": (io.BytesIO(b"goals: ["), "trasig.yml")}, follow_redirects=True)
    assert "Filen importerades inte" in text(r) and "inte giltig YAML" in text(r)
    r = admin.post("/admin/installningar/importera", content_type="multipart/form-data",
                   data={"file": (io.BytesIO(b"\xff\xfe\x00"), "binar.yml")}, follow_redirects=True)
    assert "inte en textfil i UTF-8" in text(r)
    with org.app.app_context():
        assert db.session().scalar(select(func.count(OrgSettingsVersion.id))) == 2
