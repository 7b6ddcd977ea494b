"""The demo organisation: committees, one user per role and the sample cases, uploaded over
several months so that every page has something to show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..ingest import read_docx
from ..settings import OrgSettings
from . import orgsettings
from .models import Case, Committee, User, utcnow
from .services import add_revision, audit, hash_password, record_verdict, transition

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"
COMMITTEES = ["Regionstyrelsen", "Hälso- och sjukvårdsnämnden", "Kollektivtrafiknämnden",
              "Kultur- och utbildningsnämnden"]
DEMO_USERS = [  # username, name, role, password (demo only: printed at start)
    ("handlaggare", "Hanna Handläggare", "writer", "demo-handlaggare"),
    ("sekreterare", "Sam Sekreterare", "secretary", "demo-sekreterare"),
    ("admin", "Alex Administratör", "admin", "demo-administrator"),
]
# The demo organisation's own settings, drawn from Norrbotten's regional strategy and action
# plan: its goals as writers name them, the template's headings, and its own words.
DEMO_SETTINGS = {
    "goals": [
        {"name": "Ett jämställt Norrbotten 2024–2030",
         "terms": ["Ett jämställt Norrbotten", "den regionala jämställdhetsstrategin",
                   "en jämställd samhällsomvandling", "omfördela makten mellan kvinnor och män"],
         "description": "Länsstyrelsens regionala strategi med tre prioriterade områden: en "
                        "jämställd samhällsomvandling, omfördela makten mellan kvinnor och män, "
                        "ökad upptäckt av mäns våld mot kvinnor och barn."},
        {"name": "Regional handlingsplan för jämställd tillväxt",
         "terms": ["jämställd tillväxt"],
         "description": "Norrbottens handlingsplan för jämställd regional tillväxt."},
    ],
    "headings": {"analysis": ["Jämställdhetsanalys", "Konsekvenser för kvinnor och män"],
                 "decision": ["Förslag till beslut"]},
    "words": {"neutral": ["norrbottning", "länsbo"], "not_target": ["samverkanspart"]},
}
# A case whose first draft is weak and whose second draft is the improved version.
REVISED = ("bus_routes_weak.docx", "bus_routes_strong.docx")


def _committee_for(name: str) -> str:
    if name.startswith("bus_"):
        return "Kollektivtrafiknämnden"
    if any(w in name for w in ("care", "health", "screening")):
        return "Hälso- och sjukvårdsnämnden"
    if any(w in name for w in ("grant", "culture", "preschool", "youth", "school")):
        return "Kultur- och utbildningsnämnden"
    return "Regionstyrelsen"


def seed(session: Session, today: dt.date | None = None) -> bool:
    """Create the demo organisation if there are no users yet; returns whether it did."""
    if session.scalar(select(func.count(User.id))):
        return False
    today = today or utcnow().date()
    committees = {name: Committee(name=name) for name in COMMITTEES}
    session.add_all(committees.values())
    users = {}
    for username, name, role, password in DEMO_USERS:
        users[role] = User(username=username, name=name, role=role,
                           password_hash=hash_password(password))
        session.add(users[role])
    users["secretary"].committees.extend(committees.values())
    session.flush()
    audit(session, None, "demo_seeded")
    session.commit()
    orgsettings.save(session, OrgSettings.from_dict(DEMO_SETTINGS), users["admin"],
                     "Demoinställningar efter Norrbottens strategi och handlingsplan")

    files = sorted(p for p in SAMPLES.glob("*.docx") if p.name != REVISED[1])
    writer, secretary = users["writer"], users["secretary"]
    for i, path in enumerate(files):
        months_back = (len(files) - 1 - i) % 6
        uploaded = dt.datetime.combine(today.replace(day=1), dt.time(9, 30)) - dt.timedelta(
            days=30 * months_back - 3 * (i % 5))
        title = read_docx(path).title or path.stem.replace("_", " ")
        case = Case(diarienummer=f"RS {uploaded.year}/{101 + i}", title=title[:300],
                    committee_id=committees[_committee_for(path.name)].id,
                    meeting_date=(uploaded + dt.timedelta(days=40)).date(), owner_id=writer.id,
                    state="draft", created_at=uploaded, updated_at=uploaded)
        session.add(case)
        session.flush()
        add_revision(session, case, writer, path.name, path.read_bytes(), when=uploaded)
        if path.name == REVISED[0]:
            transition(session, case, writer, "submit")
            transition(session, case, secretary, "return",
                       "Beskriv resenärerna som kvinnor och män och redovisa statistiken per kön.")
            improved = SAMPLES / REVISED[1]
            add_revision(session, case, writer, improved.name, improved.read_bytes(),
                         when=uploaded + dt.timedelta(days=12))
            transition(session, case, writer, "submit")
        elif i % 3 == 1:
            transition(session, case, writer, "submit")
            if i % 2:
                record_verdict(session, case, case.latest, secretary, "measures", True, None, None)
                transition(session, case, secretary, "approve")
    return True
