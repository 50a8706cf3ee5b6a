"""Server fixtures: a small agency and device logins."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.auth import hash_password
from server.extensions import db
from server.models import User
from server.referentiel import apply_import, plan_import
from server.referentiel_io import ParsedReferentiel, parse_csv_text, stable_id
from server.users import set_scope

PASSWORD = "mot-de-passe-test"

SMALL_AGENCY = {
    "residences.csv": (
        "code;nom;adresse;code_postal;ville;secteur_code;secteur_nom\n"
        "R1;Les Tilleuls;12 rue des Tilleuls;69100;Villeurbanne;S1;Secteur Nord\n"
        "R2;Le Grand Clos;45 avenue Salengro;69100;Villeurbanne;S1;Secteur Nord\n"
        "R3;Les Minguettes;23 boulevard Lénine;69200;Vénissieux;S2;Secteur Sud\n"
    ),
    "batiments.csv": (
        "code;residence_code;nom;adresse;etages\n"
        "R1-A;R1;Bâtiment A;12 rue des Tilleuls;4\n"
        "R2-A;R2;Bâtiment A;45 avenue Salengro;3\n"
        "R3-A;R3;Bâtiment A;23 boulevard Lénine;8\n"
    ),
    "logements.csv": (
        "code;batiment_code;numero;etage;typologie;surface;nature\n"
        "R1-A-101;R1-A;101;1;T3;64,5;logement\n"
        "R1-A-102;R1-A;102;1;T2;46;logement\n"
        "R2-A-001;R2-A;001;0;T4;79;logement\n"
        "R3-A-501;R3-A;501;5;T1;30;logement\n"
    ),
    "locataires.csv": (
        "code;nom;prenom;telephone;email\n"
        "L1;DUPONT;Marie;06 11 22 33 44;marie.dupont@example.fr\n"
        "L2;DIALLO;Mamadou;06 22 33 44 55;\n"
    ),
    "baux.csv": (
        "code;logement_code;type;debut;fin;loyer;depot_garantie;locataire_codes\n"
        "B1;R1-A-101;habitation;01/09/2019;;412,50;412,50;L1\n"
        "B2;R3-A-501;habitation;15/03/2022;;250;250;L2\n"
    ),
    "grille_vetuste.csv": (
        "element;duree_vie;franchise;abattement_annuel;part_residuelle\nPeinture;9;1;10;20\n"
    ),
}
R1, R2, R3 = (stable_id("residence", c) for c in ("R1", "R2", "R3"))
LOGEMENT_R1 = stable_id("logement", "R1-A-101")
LOGEMENT_R2 = stable_id("logement", "R2-A-001")
LOGEMENT_R3 = stable_id("logement", "R3-A-501")


def load_small_agency() -> None:
    """Three résidences in two secteurs, and one user per role."""
    parsed = ParsedReferentiel()
    for name, text in SMALL_AGENCY.items():
        parse_csv_text(name, text, parsed)
    plan = plan_import(parsed)
    assert not plan.errors, plan.errors
    apply_import(plan)
    for login, name, role, secteurs, residences in SMALL_AGENCY_USERS:
        user = User(login=login, name=name, role=role, password_hash=password_hash())
        set_scope(user, secteurs, residences)
        db.session.add(user)
    db.session.commit()


SMALL_AGENCY_USERS = [
    ("gestionnaire", "Claire Fontaine", "gestionnaire", ["S1"], []),
    ("gestionnaire2", "Karim Benali", "gestionnaire", ["S2"], []),
    ("gardien", "Joseph Moreau", "gardien", [], ["R1"]),
    ("backoffice", "Sylvie Mercier", "back_office", [], []),
    ("admin", "Admin Palier", "admin", [], []),
]


@functools.cache
def password_hash() -> str:
    """The scrypt hash of PASSWORD, computed once: scrypt is slow on purpose."""
    return hash_password(PASSWORD)


@pytest.fixture
def agency(app: Flask) -> None:
    """The small agency, loaded for one test."""
    with app.app_context():
        load_small_agency()
        db.session.remove()


@pytest.fixture
def login_device(client: FlaskClient, agency: None) -> Callable[..., dict]:
    """Log a device in as a user; returns the login response with a ready `headers` dict."""

    def _login(login: str = "gestionnaire", name: str = "Tablette test") -> dict:
        response = client.post(
            "/api/v1/auth/device", json={"login": login, "password": PASSWORD, "device_name": name}
        )
        assert response.status_code == 201, response.get_json()
        body = response.get_json()
        body["headers"] = {"Authorization": f"Bearer {body['token']}"}
        return body

    return _login


# The EDL back-office tests' records (imported lazily: those modules import this one).
@pytest.fixture
def tablet(client: FlaskClient, login_device) -> Any:
    """A gestionnaire's tablet, logged in."""
    from tests.server.sync_helpers import FakeDevice

    return FakeDevice(client, login_device("gestionnaire", "Tablette A"))


@pytest.fixture
def signed(client: FlaskClient, tablet: Any) -> Any:
    """An EDL d'entrée of logement 101 on bail B1, signed (tests/server/edl_backoffice.py)."""
    from tests.server.edl_backoffice import PushedEdl

    return PushedEdl(client, tablet)


@pytest.fixture
def smtp(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A real local SMTP server, configured into the app; refuses refuse@example.fr."""
    from tests.server.smtp_helpers import local_smtp, smtp_config

    with local_smtp(refused={"refuse@example.fr"}) as server:
        for key, value in smtp_config(server.port).items():
            monkeypatch.setitem(app.config, key, value)
        yield server


@pytest.fixture
def sorties(app: Flask, client: FlaskClient, tablet: Any) -> Any:
    """Sorties of logement 101, bail B1 (deposit 900, rent 500): sorties_backoffice.py."""
    from server.models import Bail
    from tests.server.sorties_backoffice import BAIL_B1, Sorties

    with app.app_context():
        bail = db.session.get(Bail, BAIL_B1)
        bail.depot_garantie, bail.loyer = 900, 500
        db.session.commit()
    return Sorties(client, tablet)
