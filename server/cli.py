"""The `palier` command line for the operator."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from sqlalchemy import select

from server import create_app
from server.extensions import db

ROLE_CHOICES = click.Choice(["gestionnaire", "gardien", "back_office", "admin"])


def _app() -> Flask:
    try:
        return create_app()
    except ValueError as error:  # a bad setting: its French sentence, not a traceback
        raise click.ClickException(str(error)) from error


@click.group()
def main() -> None:
    """Palier : application de terrain des bailleurs sociaux."""


@main.command()
def init() -> None:
    """Crée ou met à jour la base de données (migrations)."""
    from flask_migrate import upgrade

    with _app().app_context():
        upgrade()
    click.echo("Base de données à jour.")


@main.command()
def demo() -> None:
    """Charge l'agence de démonstration (sans effet si elle existe déjà)."""
    from server.demo import DEMO_PASSWORD, DEMO_USERS, load_demo

    with _app().app_context():
        result = load_demo()
    for entity, counts in result["referentiel"].items():
        click.echo(
            f"  {entity}: {counts['crees']} créés, {counts['modifies']} modifiés, "
            f"{counts['inchanges']} inchangés"
        )
    click.echo(f"Comptes de démonstration (mot de passe « {DEMO_PASSWORD} ») :")
    for login, name, role, _s, _r in DEMO_USERS:
        click.echo(f"  {login:<14} {role:<13} {name}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
def serve(host: str, port: int, threads: int) -> None:
    """Sert Palier avec un serveur WSGI de production (waitress)."""
    from server.http_server import make_server

    app = _app()
    click.echo(f"Palier sur http://{host}:{port}/ (back-office : http://{host}:{port}/bo/)")
    make_server(app, host, port, threads).run()


@main.group()
def user() -> None:
    """Gère les utilisateurs."""


@user.command("create")
@click.argument("login")
@click.option("--name", required=True, help="Nom affiché")
@click.option("--role", required=True, type=ROLE_CHOICES)
@click.option("--secteur", "secteurs", multiple=True, help="Code de secteur (répétable)")
@click.option("--residence", "residences", multiple=True, help="Code de résidence (répétable)")
@click.password_option()
def user_create(
    login: str,
    name: str,
    role: str,
    secteurs: tuple[str, ...],
    residences: tuple[str, ...],
    password: str,
) -> None:
    """Crée un utilisateur."""
    from server.users import UserError, create_user

    with _app().app_context():
        try:
            created = create_user(login, name, role, password, list(secteurs), list(residences))
        except UserError as err:
            raise click.ClickException(str(err)) from None
        db.session.commit()
        click.echo(f"Utilisateur « {created.login} » créé ({created.role}).")


@user.command("list")
def user_list() -> None:
    """Liste les utilisateurs."""
    from server.models import User

    with _app().app_context():
        for u in db.session.execute(select(User).order_by(User.login)).scalars():
            state = "actif" if u.active else "désactivé"
            click.echo(f"{u.login:<16} {u.role:<13} {state:<10} {u.name}")


@user.command("disable")
@click.argument("login")
def user_disable(login: str) -> None:
    """Désactive un utilisateur : ses sessions se ferment, ses appareils sont révoqués (effacés
    au prochain contact)."""
    from server.audit import audit
    from server.models import User
    from server.users import end_access

    with _app().app_context():
        found = db.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
        if found is None:
            raise click.ClickException(f"Utilisateur inconnu : {login}")
        found.active = False
        ended = end_access(found, "compte_desactive")
        audit("user_disable", None, target=f"user:{found.id}", details=ended)
        db.session.commit()
        revoked = ended["appareils_revoques"]
        click.echo(f"Utilisateur « {login} » désactivé ; {revoked} appareil(s) révoqué(s).")


@main.command("import-referentiel")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Affiche ce qui changerait sans rien écrire.")
def import_referentiel(folder: Path, dry_run: bool) -> None:
    """Importe le référentiel depuis un dossier de fichiers CSV (voir le README)."""
    from server.referentiel import apply_import, plan_import
    from server.referentiel_io import read_folder

    with _app().app_context():
        plan = plan_import(read_folder(folder))
        if plan.errors:
            for error in plan.errors:
                click.echo(str(error), err=True)
            db.session.rollback()
            raise click.ClickException(
                f"{len(plan.errors)} ligne(s) en erreur : rien n'a été importé."
            )
        summary = plan.summary()
        if not dry_run:
            apply_import(plan)
            db.session.commit()
        for entity, counts in summary.items():
            click.echo(
                f"  {entity}: {counts['crees']} créés, {counts['modifies']} modifiés, "
                f"{counts['inchanges']} inchangés"
            )
        click.echo("Simulation : rien n'a été écrit." if dry_run else "Import terminé.")


@main.command()
@click.option("--days", type=int, default=None, help="Rétention en jours (défaut : configuration).")
@click.option("--dry-run", is_flag=True, help="Affiche ce qui serait supprimé sans rien écrire.")
def purge(days: int | None, dry_run: bool) -> None:
    """Applique la conservation : journal des changements, enregistrements arrivés à échéance
    (les appareils les retirent), journaux d'accès et photos que plus rien ne cite."""
    from server.retention import run_purge

    with _app().app_context() as ctx:
        retention = days if days is not None else ctx.app.config["PALIER_TOMBSTONE_RETENTION_DAYS"]
        if retention < 1:
            raise click.ClickException("La rétention doit être d'au moins un jour.")
        report = run_purge(retention, dry_run=dry_run)
    verb = "à supprimer" if dry_run else "supprimé(s)"
    for item in report.records if dry_run else ():
        click.echo(f"  {item.entity} {item.id} — échéance {item.due:%d/%m/%Y} — {item.reason}")
    for what, count in report.removed.items():
        click.echo(f"  {what}: {count} {verb}")
    for rule, count in report.by_rule.items():
        click.echo(f"  règle {rule}: {count} enregistrement(s) {verb}")
    for what, count in report.access_logs.items():
        click.echo(f"  {what}: {count} {verb}")
    click.echo(f"  photos non citées: {len(report.blobs)} {verb}")
    if dry_run:
        click.echo(
            f"Simulation : rien n'a été écrit ({len(report.records)} enregistrement(s) à "
            "supprimer, avec leurs éléments, photos et pièces)."
        )
    else:
        click.echo(f"Purge terminée (rétention : {retention} jours).")


@main.group()
def device() -> None:
    """Gère les appareils."""


@device.command("list")
def device_list() -> None:
    """Liste les appareils et leur dernière synchronisation."""
    from server.models import Device

    with _app().app_context():
        for d in db.session.execute(select(Device).order_by(Device.created_at)).scalars():
            state = "révoqué" if d.revoked_at else "actif"
            last = d.last_sync_at.strftime("%d/%m/%Y %H:%M") if d.last_sync_at else "jamais"
            click.echo(f"{d.id}  {d.user.login:<14} {state:<8} {last:<17} {d.name}")


@device.command("revoke")
@click.argument("device_id")
def device_revoke(device_id: str) -> None:
    """Révoque un appareil : il effacera ses données locales au prochain contact."""
    from server.audit import audit
    from server.auth import revoke_device
    from server.models import Device

    with _app().app_context():
        found = db.session.get(Device, device_id)
        if found is None:
            raise click.ClickException(f"Appareil inconnu : {device_id}")
        revoke_device(found)
        audit("device_revoke", None, target=f"device:{device_id}", details={"via": "cli"})
        db.session.commit()
        click.echo(f"Appareil {device_id} révoqué.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
