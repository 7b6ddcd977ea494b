"""The case writer's and the secretary's journeys through one case, in order:
upload a weak draft -> read the report -> download the outputs -> upload the improved draft ->
submit -> the secretary overrides a criterion and returns the case -> the writer completes
it -> the secretary approves it. The tests share the case and run in order; each can also
run alone (`pytest tests/e2e/test_journeys.py::test_secretary_approves_the_completed_case`):
then `arrive` brings the case to where the step starts through the app's own services on the
server's database, as the earlier steps would have left it."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from playwright.sync_api import expect

from .steps import DOCX_MIME, SAMPLES, create_case, flash, login, percent, upload

MEETING = dt.date.today() + dt.timedelta(days=53)
CASE = {"diarienummer": "KTN 2026/4711", "title": "Nya busslinjer i östra länsdelen",
        "committee": "Kollektivtrafiknämnden"}
STATE: dict = {}
COMMENT = "Konsekvenserna beskrivs för resenärer i allmänhet, inte för kvinnor och män."
RETURN_MESSAGE = "Komplettera med hur kvinnor och män påverkas av de ändrade turerna."
COMPLETION = ("Komplettering: ändringen av turerna påverkar kvinnor och män olika, eftersom "
              "kvinnor oftare reser med buss till arbete och omsorg.")


STAGES = ("case_id", "submitted", "returned", "resubmitted")


def arrive(server, key: str):
    """The state an earlier step leaves under `key`; when that step has not run in this
    session (the test runs alone), the case is brought there directly."""
    if key not in STATE:
        _prepare(server, STAGES.index(key))
    return STATE[key]


def _prepare(server, upto: int) -> None:
    import docx
    from sqlalchemy import select

    from jamcheck.web import create_app, db, services
    from jamcheck.web.models import Case, Committee, User

    app = create_app({"DATABASE_URL": f"sqlite:///{server.database}", "SECRET_KEY": "test",
                      "AUTO_MIGRATE": False, "PRELOAD": False})
    with app.app_context():
        session = db.session()
        writer = session.scalar(select(User).where(User.username == "handlaggare"))
        secretary = session.scalar(select(User).where(User.username == "sekreterare"))
        case = session.get(Case, STATE["case_id"]) if "case_id" in STATE else None
        if case is None:
            committee = session.scalar(select(Committee).where(Committee.name == CASE["committee"]))
            case = services.create_case(session, writer, diarienummer=CASE["diarienummer"],
                                        title=CASE["title"], committee_id=committee.id,
                                        meeting_date=MEETING)
            services.add_revision(session, case, writer, "bus_routes_weak.docx",
                                  (SAMPLES / "bus_routes_weak.docx").read_bytes())
            STATE["case_id"] = case.id
            STATE["total_1"] = float(case.latest.report.total)
        if upto >= 1 and "submitted" not in STATE:
            services.add_revision(session, case, writer, "bus_routes_strong.docx",
                                  (SAMPLES / "bus_routes_strong.docx").read_bytes())
            services.transition(session, case, writer, "submit")
            STATE["submitted"] = True
        if upto >= 2 and "returned" not in STATE:
            # as the review form records them: all seven, the first overridden with a comment
            criteria = case.latest.report.data["criteria"]
            first = criteria[0]
            services.record_verdicts(session, case, secretary, [(first["id"], False, 2, COMMENT)] + [
                (c["id"], True, None, "") for c in criteria[1:]])
            services.transition(session, case, secretary, "return", RETURN_MESSAGE)
            STATE["overridden"] = first["title"]
            STATE["returned"] = True
        if upto >= 3 and "resubmitted" not in STATE:
            document = docx.Document(str(SAMPLES / "bus_routes_strong.docx"))
            document.add_paragraph(COMPLETION)
            buffer = io.BytesIO()
            document.save(buffer)
            services.add_revision(session, case, writer, "busslinjer-komplettering.docx",
                                  buffer.getvalue())
            services.transition(session, case, writer, "submit")
            STATE["resubmitted"] = True
        db.engine().dispose()


def test_writer_uploads_weak_draft_and_reads_the_report(page, server, a11y, shoot):
    base = server.url
    login(page, base, "writer")
    expect(page).to_have_url(re.compile(r"/arenden$"))
    a11y.check(page, "ärendelistan")
    page.goto(base + "/arenden/nytt")
    a11y.check(page, "nytt ärende")
    case_id = create_case(page, base, CASE["diarienummer"], CASE["title"], CASE["committee"],
                          MEETING.isoformat())
    a11y.check(page, "ärendesidan utan utkast")

    upload(page, SAMPLES / "bus_routes_weak.docx")
    expect(page).to_have_url(re.compile(rf"/arenden/{case_id}/utkast/1$"))
    expect(flash(page)).to_contain_text("Utkast 1 är granskat")
    expect(page.get_by_role("heading", level=1)).to_have_text("Granskning av utkast 1")

    # The flagged criteria: the seven criteria with scores, the weak ones marked "saknas".
    criteria = page.locator("li.criterion")
    expect(criteria).to_have_count(7)
    flagged = page.locator("li.criterion.s1")
    assert flagged.count() >= 2, "the weak draft should miss several criteria"
    expect(flagged.first.locator(".score-1")).to_have_text("1 – saknas")
    expect(flagged.first.locator("p").nth(1)).not_to_be_empty()  # the rationale
    STATE["flagged"] = flagged.locator("h3").all_inner_texts()

    # A finding: the quoted passage highlighted in its paragraph, with a suggestion beside it.
    finding = page.locator("article.finding").filter(has=page.locator("mark")).first
    expect(finding).to_be_visible()
    mark = finding.locator(".passage mark")
    quote = mark.inner_text().strip()
    assert len(quote) >= 3
    assert quote in finding.locator(".passage").inner_text()
    expect(finding.locator(".suggestion")).to_contain_text("Förslag:")
    assert mark.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"

    STATE["total_1"] = percent(page.locator(".summary .total").inner_text())
    STATE["case_id"] = case_id
    a11y.check(page, "granskning av utkast 1")
    shoot(page, "report")
    shoot(page, "report-findings",
          at=page.get_by_role("heading", name=re.compile(r"^Anmärkningar per avsnitt")))


def test_writer_downloads_pdf_and_annotated_docx(page, server, a11y, tmp_path):
    case_id = arrive(server, "case_id")
    login(page, server.url, "writer")
    page.goto(f"{server.url}/arenden/{case_id}/utkast/1")
    wanted = {"Ladda ned PDF": (b"%PDF", "pdf"),
              "Ladda ned Word-fil med kommentarer": (b"PK", "docx")}
    missing = [name for name in wanted if page.get_by_role("link", name=name).count() == 0]
    assert not missing, f"the report page has no download links named {missing}"
    for name, (magic, kind) in wanted.items():
        with page.expect_download() as info:
            page.get_by_role("link", name=name).first.click()
        download = info.value
        path = tmp_path / (download.suggested_filename or f"download.{kind}")
        download.save_as(path)
        content = path.read_bytes()
        assert content.startswith(magic), f"{name}: {content[:20]!r}"
        assert len(content) > 2000, f"{name}: only {len(content)} bytes"
        assert path.suffix == f".{kind}", download.suggested_filename
        if kind == "docx":
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
            assert "word/document.xml" in names and "word/comments.xml" in names, names


def test_writer_uploads_improved_draft_and_submits(page, server, a11y):
    case_id = arrive(server, "case_id")
    base = server.url
    login(page, base, "writer")
    page.goto(f"{base}/arenden/{case_id}/utkast/1")
    page.get_by_role("link", name="Ladda upp ett nytt utkast").click()
    expect(page).to_have_url(re.compile(rf"/arenden/{case_id}#upload-heading$"))
    a11y.check(page, "ärendesidan med ett utkast")
    upload(page, SAMPLES / "bus_routes_strong.docx")
    expect(page).to_have_url(re.compile(rf"/arenden/{case_id}/utkast/2$"))

    # What changed since draft 1: the total rises, criteria go up, findings are resolved.
    changes = page.locator("section.changes")
    expect(changes.get_by_role("heading")).to_have_text("Förändring sedan utkast 1")
    total_2 = percent(page.locator(".summary .total").inner_text())
    assert total_2 is not None and STATE["total_1"] is not None
    assert total_2 > STATE["total_1"], (STATE["total_1"], total_2)
    expect(changes).to_contain_text(f"{STATE['total_1']:.0f} % → {total_2:.0f} %")
    assert changes.locator("li.up").count() >= 1
    resolved = int(re.search(r"(\d+) anmärkning(?:ar)? åtgärdad", changes.inner_text()).group(1))
    assert resolved >= 1
    changes.get_by_text("Åtgärdade anmärkningar").click()  # open the <details>
    expect(changes.locator("details[open] li")).to_have_count(resolved)
    a11y.check(page, "granskning av utkast 2 med förändringar")
    STATE["total_2"] = total_2

    page.get_by_role("button", name="Skicka in till nämndsekreteraren").click()
    expect(page).to_have_url(re.compile(rf"/arenden/{case_id}$"))
    expect(flash(page)).to_contain_text("inskickat till nämndsekreteraren")
    expect(page.locator(".summary .state")).to_have_class(re.compile("state-submitted"))
    a11y.check(page, "ärendesidan, inskickat")
    STATE["submitted"] = True


def open_in_queue(page, base, a11y=None, shoot=None):
    """The secretary finds the case in the queue on its meeting date and opens it."""
    login(page, base, "secretary")
    expect(page).to_have_url(re.compile(r"/granskning/$"))  # a secretary starts in the queue
    if a11y:
        a11y.check(page, "granskningskön")
    if shoot:
        shoot(page, "review-queue")
    rows = page.locator("table tbody tr")
    dates = [d for d in rows.locator("td:first-child").all_inner_texts() if d != "ej angivet"]
    assert dates == sorted(dates), f"the queue is not ordered by meeting date: {dates}"
    row = rows.filter(has_text=CASE["diarienummer"])
    expect(row).to_have_count(1)
    expect(row.locator("td").first).to_have_text(MEETING.isoformat())
    expect(row.locator("td").nth(1)).to_have_text(CASE["committee"])
    row.get_by_role("link", name=CASE["diarienummer"]).click()
    expect(page).to_have_url(re.compile(rf"/granskning/{STATE['case_id']}$"))


def test_secretary_overrides_a_criterion_and_returns_the_case(page, server, a11y, shoot):
    arrive(server, "submitted")
    base = server.url
    open_in_queue(page, base, a11y, shoot)
    a11y.check(page, "granskning av ärendet")
    shoot(page, "review")

    # Override the first criterion with a score of 2; an override needs a comment.
    # One form records all seven verdicts, validated together.
    item = page.locator("li.criterion").first
    title = item.locator("h3").inner_text()
    item.get_by_label("Ändra till 2 – behöver utvecklas").check()
    page.get_by_role("button", name="Spara bedömningarna").click()
    expect(page.locator(".flash-error")).to_be_visible()  # no comment: nothing saved
    item = page.locator("li.criterion").first
    expect(item.locator(".error")).to_contain_text("Skriv en kommentar")  # next to it
    expect(item.locator(".verdict")).to_have_count(0)
    item.get_by_label("Ändra till 2 – behöver utvecklas").check()
    item.get_by_label("Kommentar").fill(COMMENT)
    page.get_by_role("button", name="Spara bedömningarna").click()
    expect(page.locator(".flash-success")).to_contain_text("Bedömningarna är sparade")
    verdict = page.locator("li.criterion").first.locator(".verdict")
    expect(verdict).to_contain_text("ändrad till 2 – behöver utvecklas")
    expect(verdict).to_contain_text(COMMENT)
    a11y.check(page, "granskning med en bedömning")
    STATE["overridden"] = title

    page.get_by_label("Meddelande till handläggaren").fill(RETURN_MESSAGE)
    page.get_by_role("button", name="Återskicka för komplettering").click()
    expect(page).to_have_url(re.compile(r"/granskning/$"))
    expect(flash(page)).to_contain_text("återskickat till handläggaren")
    expect(page.locator("table").filter(has_text=CASE["diarienummer"])).to_have_count(0)
    page.get_by_role("link", name="Återskickade").click()
    expect(page.locator("tbody tr").filter(has_text=CASE["diarienummer"])).to_have_count(1)
    a11y.check(page, "granskningskön, återskickade")
    STATE["returned"] = True


def test_writer_completes_the_returned_case(page, server, a11y, tmp_path):
    arrive(server, "returned")
    case_id = STATE["case_id"]
    base = server.url
    login(page, base, "writer")
    # the writer is told on the start page, and the notification leads to the case
    news = page.locator("section.notice", has_text="Nya aviseringar")
    expect(news).to_contain_text("Återskickat för komplettering")
    expect(news).to_contain_text(RETURN_MESSAGE)
    page.get_by_label("Visa").select_option(label="Återskickade för komplettering")
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("link", name=CASE["title"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/arenden/{case_id}$"))
    notice = page.locator(".notice")
    expect(notice).to_contain_text("Återskickat för komplettering")
    expect(notice).to_contain_text(RETURN_MESSAGE)
    verdict = page.locator("li.criterion").filter(has_text=STATE["overridden"]).locator(".verdict")
    expect(verdict).to_contain_text("Nämndsekreterarens bedömning")
    expect(verdict).to_contain_text(COMMENT)
    a11y.check(page, "ärendesidan, återskickat")

    # The completed draft: the improved one with a paragraph added on the secretary's request.
    import docx

    document = docx.Document(str(SAMPLES / "bus_routes_strong.docx"))
    document.add_paragraph(COMPLETION)
    buffer = io.BytesIO()
    document.save(buffer)
    upload(page, {"name": "busslinjer-komplettering.docx", "mimeType": DOCX_MIME,
                  "buffer": buffer.getvalue()})
    expect(page).to_have_url(re.compile(rf"/arenden/{case_id}/utkast/3$"))
    page.get_by_role("button", name="Skicka in till nämndsekreteraren").click()
    expect(flash(page)).to_contain_text("inskickat till nämndsekreteraren")
    STATE["resubmitted"] = True


def test_secretary_approves_the_completed_case(page, server, a11y):
    arrive(server, "resubmitted")
    open_in_queue(page, server.url)
    expect(page.locator(".summary")).to_contain_text("utkast 3")
    page.get_by_role("button", name="Godkänn för nämnden").click()
    expect(page).to_have_url(re.compile(r"/granskning/$"))
    expect(flash(page)).to_contain_text("godkänt för nämnden")
    page.get_by_role("link", name="Godkända").click()
    row = page.locator("tbody tr").filter(has_text=CASE["diarienummer"])
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    expect(page.locator(".summary .state")).to_have_class(re.compile("state-approved"))
    a11y.check(page, "ärendesidan, godkänt (nämndsekreterarens vy)")
