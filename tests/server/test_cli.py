"""The `palier` command line, run through click's runner against the test database."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select

from server.auth import issue_device
from server.cli import main
from server.extensions import db
from server.models import Device, Residence, User
from tests.server.conftest import SMALL_AGENCY


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.output


def test_init_is_idempotent(app: Flask) -> None:
    code, output = run("init")
    assert code == 0 and output.endswith("Base de données à jour.\n")


def test_demo_prints_logins(app: Flask) -> None:
    code, output = run("demo")
    assert code == 0
    assert "mot de passe « palier-demo »" in output
    for login in ("gestionnaire", "gestionnaire2", "gardien", "backoffice", "admin"):
        assert f"  {login} " in output


def test_user_create_list_disable(app: Flask, agency: None) -> None:
    code, output = run(
        "user",
        "create",
        "nouvelle",
        "--name",
        "Nina Roux",
        "--role",
        "gardien",
        "--residence",
        "R2",
        input="un-mot-de-passe\nun-mot-de-passe\n",
    )
    assert code == 0, output
    assert "Utilisateur « nouvelle » créé (gardien)." in output
    code, output = run("user", "list")
    assert "nouvelle" in output and "Nina Roux" in output
    with app.app_context():
        user = db.session.scalars(select(User).where(User.login == "nouvelle")).one()
        device, _token = issue_device(user, "Téléphone de Nina")
        db.session.commit()
        device_id = device.id
    assert run("user", "disable", "nouvelle") == (
        0,
        "Utilisateur « nouvelle » désactivé ; 1 appareil(s) révoqué(s).\n",
    )
    with app.app_context():
        user = db.session.scalars(select(User).where(User.login == "nouvelle")).one()
        assert user.active is False
        assert [r.code for r in user.residences] == ["R2"]
        assert db.session.get(Device, device_id).revoked_at is not None


def test_user_create_refuses_unknown_scope_and_short_password(app: Flask, agency: None) -> None:
    code, output = run(
        "user",
        "create",
        "x",
        "--name",
        "X",
        "--role",
        "gardien",
        "--residence",
        "R9",
        input="un-mot-de-passe\nun-mot-de-passe\n",
    )
    assert code == 1 and "Secteur ou résidence inconnu : R9" in output
    code, output = run(
        "user", "create", "y", "--name", "Y", "--role", "gardien", input="court\ncourt\n"
    )
    assert code == 1 and "au moins 10 caractères" in output


def test_import_referentiel_reports_bad_rows_and_imports_nothing(
    app: Flask, tmp_path: Path
) -> None:
    files = dict(SMALL_AGENCY)
    files["batiments.csv"] += "R4-A;R4;Bâtiment A;1 rue X;2\n"
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, output = run("import-referentiel", str(tmp_path))
    assert code == 1
    assert "batiments.csv, ligne 5 : résidence inconnue « R4 »" in output
    assert "rien n'a été importé" in output
    with app.app_context():
        assert db.session.scalars(select(Residence)).all() == []


def test_import_referentiel_dry_run_then_real(app: Flask, tmp_path: Path) -> None:
    for name, text in SMALL_AGENCY.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, output = run("import-referentiel", "--dry-run", str(tmp_path))
    assert code == 0 and "Simulation" in output
    code, output = run("import-referentiel", str(tmp_path))
    assert code == 0
    assert "logement: 4 créés, 0 modifiés, 0 inchangés" in output
    with app.app_context():
        assert len(db.session.scalars(select(Residence)).all()) == 3


def test_device_list_and_revoke(app: Flask, login_device) -> None:
    body = login_device()
    code, output = run("device", "list")
    assert code == 0 and body["device_id"] in output and "actif" in output
    assert run("device", "revoke", body["device_id"])[0] == 0
    with app.app_context():
        assert db.session.get(Device, body["device_id"]).revoked_at is not None
    assert run("device", "revoke", "inconnu")[0] == 1


def test_purge_uses_the_configured_retention_and_logs_it(app: Flask, login_device) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from server.models import AuditEntry, ChangeLog
    from server.models.base import utcnow

    login_device()
    with app.app_context():
        db.session.execute(update(ChangeLog).values(changed_at=utcnow() - timedelta(days=100)))
        db.session.commit()
    code, output = run("purge", "--days", "365")
    assert code == 0 and "change_log: 0 supprimé(s)" in output
    code, output = run("purge")
    assert code == 0 and "change_log: 15 supprimé(s)" in output
    assert "rétention : 90 jours" in output
    assert run("purge", "--days", "0")[0] == 1
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
        assert actions.count("retention_purge") == 2


def test_a_bad_retention_setting_stops_the_command_with_its_french_sentence(
    app: Flask, monkeypatch
) -> None:
    monkeypatch.setenv("PALIER_RETENTION_EDL_DAYS", "trois ans")
    code, output = run("purge", "--dry-run")
    assert code == 1
    assert output == (
        "Error: PALIER_RETENTION_EDL_DAYS vaut « trois ans » : un nombre de jours "
        "(entier positif) est attendu.\n"
    )
