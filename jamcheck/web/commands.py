"""Command-line tasks: `flask --app wsgi jamcheck create-user | seed-demo | recheck | migrate`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

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
    from .auth import hash_password
    from .models import Committee, User
    from .services import audit

    if len(password) < 10:
        raise click.ClickException("Lösenordet måste ha minst 10 tecken.")
    session = db.session()
    if session.scalar(select(User).where(User.username == username)):
        raise click.ClickException(f"Användaren {username} finns redan.")
    user = User(username=username, name=name, role=role, password_hash=hash_password(password))
    for committee_name in committees:
        committee = session.scalar(select(Committee).where(Committee.name == committee_name))
        if committee is None:
            raise click.ClickException(f"Nämnden {committee_name} finns inte.")
        user.committees.append(committee)
    session.add(user)
    session.flush()
    audit(session, None, "user_created", user_id=user.id, role=role)
    session.commit()
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
def recheck_command(case_id, all_revisions):
    """Granska sparade utkast igen med de nuvarande reglerna (gamla rapporter sparas)."""
    from ..ruleset import default_ruleset
    from .models import Case, Revision
    from .services import recheck

    session = db.session()
    query = select(Revision.id).join(Case)
    if case_id:
        query = query.where(Case.id == case_id)
    if not all_revisions:
        latest = select(Revision.case_id, func.max(Revision.number).label("n")).group_by(
            Revision.case_id).subquery()
        query = query.join(latest, (latest.c.case_id == Revision.case_id)
                           & (latest.c.n == Revision.number))
    ids = session.scalars(query.where(Revision.purged_at.is_(None))
                          .order_by(Revision.id)).all()
    ruleset = default_ruleset()
    done = skipped = 0
    with click.progressbar(ids, label="Granskar utkast", show_pos=True) as bar:
        for revision_id in bar:
            report = recheck(session, session.get(Revision, revision_id), ruleset)
            session.commit()
            if report is None:
                skipped += 1
            else:
                done += 1
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
