"""`palier purge`: access logs, photos nobody names, the dry run, the audit entry, and devices
losing what was erased through the real pull."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.blobs import get_store
from server.cli import main
from server.extensions import db
from server.models import AuditEntry, BackofficeSession, Blob, BlobAccess, User
from server.models.base import utcnow
from server.models.records import Visite
from server.models.troubles import DossierTrouble
from server.retention import run_purge
from tests.server.conftest import LOGEMENT_R1
from tests.server.retention_helpers import at, closed_dossier, contact, photo_of
from tests.server.sync_helpers import FakeDevice, new_id, removal

NOW = at(2031, 3, 12)
UNNAMED, NAMED, FRESH = "1" * 64, "2" * 64, "3" * 64


def stored_blob(sha256: str, age_days: int) -> None:
    """A blob uploaded `age_days` before NOW, its files on disk."""
    get_store().put(sha256, b"image", b"thumb")
    db.session.add(
        Blob(
            sha256=sha256,
            size=5,
            stored_size=5,
            width=1,
            height=1,
            created_at=NOW - timedelta(days=age_days),
        )
    )
    db.session.add(BlobAccess(sha256=sha256, user_id=1))
    db.session.commit()


def files_of(app: Flask, sha256: str) -> list[str]:
    root = Path(app.config["PALIER_BLOB_DIR"])
    return sorted(p.name for p in root.glob(f"{sha256[:2]}/{sha256[2:4]}/{sha256}*"))


def test_old_access_logs_go_and_recent_ones_stay(app: Flask, agency: None) -> None:
    with app.app_context():
        user = db.session.scalars(select(User.id)).first()
        for days in (366, 364):
            db.session.add(AuditEntry(action="record_read", at=NOW - timedelta(days=days)))
        for key, ended in (("old", 366), ("recent", 10), ("open", None)):
            db.session.add(
                BackofficeSession(
                    id=key,
                    user_id=user,
                    created_at=NOW - timedelta(days=400),
                    last_seen_at=NOW - timedelta(days=400),
                    ended_at=NOW - timedelta(days=ended) if ended else None,
                )
            )
        db.session.commit()
        report = run_purge(90, now=NOW)
        assert report.access_logs == {"journal_audit": 1, "sessions": 1}
        left = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert left == ["record_read", "retention_purge"]
        assert sorted(db.session.scalars(select(BackofficeSession.id))) == ["open", "recent"]


def test_a_photo_nobody_names_is_removed_with_its_files_not_a_named_or_fresh_one(
    app: Flask, agency: None
) -> None:
    with app.app_context():
        _permanence, taken = contact("2031-01-05T10:00:00+01:00")
        photo_of("contact_permanence", taken, NAMED)
        stored_blob(UNNAMED, 8)
        stored_blob(NAMED, 30)
        stored_blob(FRESH, 6)
        assert files_of(app, UNNAMED) == [f"{UNNAMED}.jpg", f"{UNNAMED}.thumb.jpg"]

        report = run_purge(90, now=NOW)
        assert report.blobs == [UNNAMED]
        assert files_of(app, UNNAMED) == []
        assert files_of(app, NAMED) == [f"{NAMED}.jpg", f"{NAMED}.thumb.jpg"]
        assert files_of(app, FRESH) == [f"{FRESH}.jpg", f"{FRESH}.thumb.jpg"]
        assert sorted(db.session.scalars(select(Blob.sha256))) == [NAMED, FRESH]
        assert sorted(db.session.scalars(select(BlobAccess.sha256))) == [NAMED, FRESH]


def test_the_photo_of_an_erased_record_goes_in_the_same_purge(app: Flask, agency: None) -> None:
    with app.app_context():
        dossier = closed_dossier("resolu")
        photo_of("dossier_trouble", dossier, NAMED)
        stored_blob(NAMED, 400)
        report = run_purge(90, now=NOW)
        assert report.blobs == [NAMED]
        assert files_of(app, NAMED) == []


def test_a_dry_run_lists_what_would_go_and_writes_nothing(app: Flask, agency: None) -> None:
    with app.app_context():
        dossier = closed_dossier("sans_suite")
        db.session.add(AuditEntry(action="record_read", at=NOW - timedelta(days=400)))
        db.session.commit()
        stored_blob(UNNAMED, 8)

        report = run_purge(90, now=NOW, dry_run=True)
        assert [(r.entity, r.id, r.due.isoformat(), r.reason) for r in report.records] == [
            (
                "dossier_trouble",
                dossier,
                "2031-03-12",
                "Dossier clos sans suite le 12/03/2026 : supprimé 5 ans après la clôture",
            )
        ]
        assert (report.access_logs, report.blobs) == (
            {"journal_audit": 1, "sessions": 0},
            [UNNAMED],
        )
        assert db.session.get(DossierTrouble, dossier) is not None
        assert db.session.scalars(select(AuditEntry.action)).all() == ["record_read"]
        assert db.session.scalars(select(Blob.sha256)).all() == [UNNAMED]
        assert files_of(app, UNNAMED) == [f"{UNNAMED}.jpg", f"{UNNAMED}.thumb.jpg"]


def test_the_purge_logs_counts_per_entity_and_rule_and_ids(app: Flask, agency: None) -> None:
    with app.app_context():
        dossier = closed_dossier("resolu")
        _permanence, taken = contact("2029-03-01T10:00:00+01:00")
        run_purge(90, user_id=7, now=NOW)
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.user_id, entry.target) == ("retention_purge", 7, "retention")
        details = entry.details
        assert {k: v for k, v in details.items() if isinstance(v, int) and v} == {
            "days": 90,
            "change_log": 15,  # the référentiel's, logged at load: older than 90 days by then
            "dossier_trouble": 1,
            "entretien": 1,
            "demarche": 1,
            "contact_permanence": 1,
        }
        assert details["par_regle"] == {
            "PALIER_RETENTION_TROUBLES_DAYS": 1,
            "PALIER_RETENTION_CONTACTS_DAYS": 1,
        }
        assert details["ids"] == {"dossier_trouble": [dossier], "contact_permanence": [taken]}
        assert (details["journaux_acces"], details["blobs"]) == (
            {"journal_audit": 0, "sessions": 0},
            0,
        )


def test_a_device_holding_an_erased_record_loses_it_at_its_next_pull(
    app: Flask, client: FlaskClient, login_device
) -> None:
    device = FakeDevice(client, login_device("gestionnaire"))
    decided, technique = new_id(), new_id()
    fields = {"logement_id": LOGEMENT_R1, "type": "candidat", "candidat_nom": "Léa Martin"}
    for record, values in (
        (decided, fields | {"decision": "accepte"}),
        (technique, {"logement_id": LOGEMENT_R1, "type": "technique"}),
    ):
        response = device.push(device.mutation(record, values))
        assert response.get_json()["results"][0]["status"] == "applied"
    held, cursor = device.pull_all()
    assert {c["record"] for c in held if c["entity"] == "visite"} == {decided, technique}

    with app.app_context():
        run_purge(90, now=utcnow())
        assert db.session.get(Visite, decided) is None
    changes, _cursor = device.pull_all(cursor)
    assert changes == [removal("visite", decided, 1, "")]


def test_cli_dry_run_prints_one_line_per_record_then_counts(app: Flask, agency: None) -> None:
    with app.app_context():
        dossier = closed_dossier("resolu", closed_on="2020-01-10T10:00:00+01:00")
    result = CliRunner().invoke(main, ["purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        f"  dossier_trouble {dossier} — échéance 09/01/2025 — Dossier clos à l'amiable le "
        "10/01/2020 : supprimé 5 ans après la clôture"
    )
    assert "  règle PALIER_RETENTION_TROUBLES_DAYS: 1 enregistrement(s) à supprimer" in lines
    assert "  photos non citées: 0 à supprimer" in lines
    assert lines[-1] == (
        "Simulation : rien n'a été écrit (1 enregistrement(s) à supprimer, avec leurs "
        "éléments, photos et pièces)."
    )
    with app.app_context():
        assert db.session.get(DossierTrouble, dossier) is not None
        assert db.session.scalars(select(AuditEntry)).all() == []
