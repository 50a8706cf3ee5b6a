"""The tableau de bord's "Réclamations du mois" (issue 12): reported this month (Paris) by
catégorie, and the share of those first réalisées this month that were réalisées in time."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.dashboard_reclamations import MonthFigures, month_bounds, month_figures
from tests.server.conftest import LOGEMENT_R3, R1, R2
from tests.server.reclamations_backoffice import common_part, paris, reclamation, steps, text_of
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_support import bo_login, page

NOW = paris("2026-10-20T12:00:00+02:00")
TO_WORK = (("qualifiee", "T10:10"), ("affectee", "T10:20"), ("en_cours", "T10:30"))


def _done(device: FakeDevice, record: str, day: str, realisee_le: str) -> None:
    """Qualified, assigned and started on `day` from 10:10, réalisée at `realisee_le`."""
    moves = [(statut, f"{day}{time}:00+02:00") for statut, time in TO_WORK]
    steps(device, record, *moves, ("realisee", realisee_le))


@pytest.fixture
def month(client: FlaskClient, login_device: Any) -> None:
    """October 2026's réclamations, and some of September and November."""
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette de Claire"))
    karim = FakeDevice(client, login_device("gestionnaire2", "Tablette de Karim"))
    # U1 due 14:00, réalisée 13:00: in time
    in_time = reclamation(claire, "U1", "2026-10-05T10:00:00+02:00")
    _done(claire, in_time, "2026-10-05", "2026-10-05T13:00:00+02:00")
    # U2 due 07/10 10:00, réalisée 08/10: late
    late = reclamation(claire, "U2", "2026-10-06T10:00:00+02:00")
    _done(claire, late, "2026-10-06", "2026-10-08T09:00:00+02:00")
    # reported just after midnight in Paris on the 1st (22:30 UTC on 30/09): October's
    common_part(claire, "U3", "2026-10-01T00:30:00+02:00")
    # reported in September, réalisée late in October: counted among October's réalisées
    september = reclamation(claire, "U2", "2026-09-30T23:30:00+02:00", "chauffage")
    _done(claire, september, "2026-10-01", "2026-10-02T10:00:00+02:00")
    # first réalisée in September, reopened and réalisée again in October: not October's
    reopened = reclamation(claire, "U2", "2026-09-10T10:00:00+02:00", "serrurerie")
    _done(claire, reopened, "2026-09-10", "2026-09-11T09:00:00+02:00")
    steps(
        claire,
        reopened,
        ("reouverte", "2026-10-03T09:00:00+02:00"),
        ("en_cours", "2026-10-03T10:00:00+02:00"),
        ("realisee", "2026-10-04T10:00:00+02:00"),
    )
    # November's
    reclamation(claire, "U3", "2026-11-02T09:00:00+01:00", "nuisibles")
    # Les Minguettes (secteur Sud): in time
    minguettes = reclamation(karim, "U1", "2026-10-07T08:00:00+02:00", logement_id=LOGEMENT_R3)
    _done(karim, minguettes, "2026-10-07", "2026-10-07T11:00:00+02:00")


def test_month_bounds_are_paris_months() -> None:
    assert month_bounds(paris("2026-10-31T23:30:00+00:00")) == (
        paris("2026-11-01T00:00:00+01:00"),
        paris("2026-12-01T00:00:00+01:00"),
    )
    assert month_bounds(paris("2026-12-15T08:00:00+01:00"))[1] == paris("2027-01-01T00:00:00+01:00")


def test_month_figures_by_scope(app: Flask, month: None) -> None:
    with app.app_context():
        agency = month_figures(None, NOW)
        nord = month_figures(frozenset({R1, R2}), NOW)
    assert agency == MonthFigures(
        "octobre 2026", [("Plomberie", 3), ("Éclairage", 1)], 4, realisees=4, in_time=2
    )
    assert agency.share == "50 %"
    assert nord == MonthFigures(
        "octobre 2026", [("Plomberie", 2), ("Éclairage", 1)], 3, realisees=3, in_time=1
    )
    assert nord.share == "33 %"
    assert MonthFigures("novembre 2026").share == "—"


def test_dashboard_shows_the_month(
    client: FlaskClient, month: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("server.dashboard.utcnow", lambda: NOW)
    bo_login(client)
    text = text_of(page(client, "/bo/tableau-de-bord"))
    assert (
        "Réclamations du mois (octobre 2026) 4 réclamations signalées "
        "50 % traitées dans les délais (2 sur 4 réalisées ce mois-ci) "
        "Réclamations signalées ce mois-ci, par catégorie Catégorie Signalées "
        "Plomberie 3 Éclairage 1 Total 4"
    ) in text
