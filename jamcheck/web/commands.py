"""Command-line tasks: `flask --app wsgi jamcheck create-user | seed-demo | recheck | migrate`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from . import db

group = AppGroup("jamcheck", help="Administrera jamcheck.")


def register(app: Flask) -> None:
    app.cli.add_command(group)


@group.command("create-user")
@click.argument("username")
@click.option("--name", required=True, help="Namn som visas.")
@click.option("--role", type=click.Choice(["writer", "secretary", "admin"]), required=True)
@click.option("--committee", "committees", multiple=True, help="Nämnd (för nämndsekreterare).")
@click.password_option("--password", help="Lösenord (minst 10 tecken).")
def create_user(username, name, role, committees, password):
    """Skapa en användare."""
    from .models import Committee
    from .services import WorkflowError
    from .services import create_user as create

    session = db.session()
    found = []
    for committee_name in committees:
        committee = session.scalar(select(Committee).where(Committee.name == committee_name))
        if committee is None:
            raise click.ClickException(f"Nämnden {committee_name} finns inte.")
        found.append(committee)
    try:
        create(session, None, username, name, role, password, found)
    except WorkflowError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Användaren {username} ({role}) är skapad.")


@group.command("seed-demo")
def seed_demo():
    """Skapa en demoorganisation med nämnder, användare och exempelärenden (om databasen är tom)."""
    from .seed import DEMO_USERS, seed

    created = seed(db.session())
    click.echo("Demoorganisationen är " + ("skapad." if created else "redan på plats."))
    click.echo("Logga in med (användarnamn / lösenord):")
    for username, _name, role, password in DEMO_USERS:
        click.echo(f"  {username:<12} {password:<24} {role}")


@group.command("recheck")
@click.option("--case", "case_id", type=int, help="Bara detta ärende (id).")
@click.option("--all-revisions", is_flag=True,
              help="Granska alla utkast, inte bara det senaste i varje ärende.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Antal processer som granskar samtidigt (t.ex. en per kärna).")
def recheck_command(case_id, all_revisions, jobs):
    """Granska sparade utkast igen med de nuvarande reglerna (gamla rapporter sparas)."""
    import multiprocessing
    import queue

    from sqlalchemy.orm import Session

    from ..language import pipeline
    from .models import Revision
    from .orgsettings import current_ruleset
    from .services import latest_revisions, recheck

    session = db.session()
    query = latest_revisions() if not all_revisions else select(Revision.id, Revision.case_id)
    if case_id:
        query = query.where(Revision.case_id == case_id)
    rows = session.execute(query.where(Revision.purged_at.is_(None))
                           .order_by(Revision.id)).all()
    ruleset = current_ruleset(db.session())
    done = skipped = 0
    jobs = min(jobs, len({case for _id, case in rows}) or 1)
    if jobs == 1:
        with click.progressbar([rid for rid, _case in rows], label="Granskar utkast",
                               show_pos=True) as bar:
            for revision_id in bar:
                report = recheck(session, session.get(Revision, revision_id), ruleset)
                session.commit()
                if report is None:
                    skipped += 1
                else:
                    done += 1
    else:
        # Several processes, each with its own database connections. A case's revisions all go
        # to the same process, so two processes never update the statistics of one case.
        pipeline()  # loaded before the fork: the workers share it
        session.close()
        chunks: list[list[int]] = [[] for _ in range(jobs)]
        owner: dict[int, int] = {}
        for revision_id, rev_case in rows:
            chunks[owner.setdefault(rev_case, len(owner) % jobs)].append(revision_id)
        context = multiprocessing.get_context("fork")
        messages = context.Queue()

        def work(ids: list[int]) -> None:
            engine = db.engine()
            engine.dispose(close=False)  # never use the parent's connections
            try:
                with Session(engine, expire_on_commit=False) as own:
                    for revision_id in ids:
                        report = recheck(own, own.get(Revision, revision_id), ruleset)
                        own.commit()
                        own.expunge_all()
                        messages.put("skipped" if report is None else "done")
            except Exception as exc:  # noqa: BLE001 -- any failure: the parent reports it
                messages.put(f"error: {type(exc).__name__}: {exc}")
                raise SystemExit(1) from None
            finally:
                engine.dispose()

        workers = [context.Process(target=work, args=(chunk,)) for chunk in chunks]
        for worker in workers:
            worker.start()
        errors = []
        try:
            with click.progressbar(length=len(rows), label=f"Granskar utkast ({jobs} processer)",
                                   show_pos=True) as bar:
                while done + skipped < len(rows):
                    try:
                        message = messages.get(timeout=1)
                    except queue.Empty:
                        if any(w.is_alive() for w in workers) or not messages.empty():
                            continue
                        errors.append("en process avslutades oväntat")
                        break
                    if message.startswith("error"):
                        errors.append(message)
                        break
                    if message == "done":
                        done += 1
                    else:
                        skipped += 1
                    bar.update(1)
        finally:
            if errors:
                for worker in workers:
                    worker.terminate()
            for worker in workers:
                worker.join()
        if errors:
            raise click.ClickException(
                f"Omgranskningen avbröts efter {done} utkast: " + "; ".join(errors))
    click.echo(f"{done} utkast granskade med regler {ruleset.version}; {skipped} utan sparad fil.")


@group.command("migrate")
@click.option("--downgrade", "target", help="Gå tillbaka till en version (t.ex. base).")
def migrate(target):
    """Uppgradera databasen till senaste schemat (eller gå tillbaka med --downgrade)."""
    from . import migrate as migrations

    if target:
        migrations.downgrade(db.engine(), target)
        click.echo(f"Databasen är nedgraderad till {target}.")
    else:
        migrations.upgrade(db.engine())
        click.echo("Databasen har det senaste schemat.")


@group.command("rebuild-statistics")
@click.option("--check", is_flag=True, help="Jämför bara, ändra inget.")
def rebuild_statistics(check):
    """Räkna om statistiktabellen från de sparade rapporterna (efter en import), eller
    jämför den med rapporterna (--check)."""
    from . import monthly

    session = db.session()
    if check:
        found = monthly.differences(session)
        for line in found[:20]:
            click.echo(line)
        if found:
            raise click.ClickException(f"Statistiktabellen skiljer sig på {len(found)} rader.")
        click.echo("Statistiktabellen stämmer med rapporterna.")
        return
    rows = monthly.rebuild(session)
    session.commit()
    click.echo(f"Statistiktabellen är omräknad: {rows} rader.")


@group.command("purge-files")
@click.option("--days", type=click.IntRange(min=1),
              help="Gallringsfrist i dagar (annars den som administratören har angett).")
def purge_files(days):
    """Radera sparade utkastfiler (och citat ur dem) som är äldre än gallringsfristen."""
    from .retention import purge, retention_days

    session = db.session()
    days = days or retention_days(session)
    if not days:
        raise click.ClickException(
            "Ingen gallringsfrist är angiven. Ange --days eller ställ in den under "
            "Administration.")
    count = purge(session, days)
    click.echo(f"{count} utkastfiler äldre än {days} dagar är raderade.")


@group.command("send-notifications")
def send_notifications():
    """Skicka e-post om aviseringar som väntar (t.ex. från cron var femte minut)."""
    from . import notify

    if notify.settings() is None:
        click.echo("E-post är inte påslagen (JAMCHECK_SMTP_URL är inte satt).")
        return
    counts = notify.send_pending(db.session())
    click.echo(f"{counts['sent']} e-postmeddelanden skickade, {counts['failed']} misslyckades "
               "(de försöks igen senare).")
