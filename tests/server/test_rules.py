"""The published rules (GET /api/v1/rules) and the push enforcing exactly them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.extensions import db
from server.fast_checks import DOUBT
from server.models import MutationLog, Visite
from server.rules import _validator, role_schema
from tests.server.conftest import LOGEMENT_R1
from tests.server.sync_helpers import FakeDevice, new_id

UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
FORMAT = "Date et heure invalides (format ISO 8601 attendu, ex. 2026-11-26T09:30:00+01:00)."
DATE_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?$"
)


def rules_of(client, login: dict) -> dict:
    response = client.get("/api/v1/rules", headers=login["headers"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_gardien_rules(client, login_device) -> None:
    rules = rules_of(client, login_device("gardien"))
    assert (rules["schema"], rules["role"]) == (1, "gardien")
    assert rules["permissions"] == [
        "sync.pull",
        "visite.write",
        "fait.write",
        "reclamation.write",
        "reclamation_evenement.write",
        "permanence.write",
        "contact_permanence.write",
        "photo.write",
        "blob.read",
    ]
    assert set(rules["entities"]) == {
        "visite",
        "fait",
        "reclamation",
        "reclamation_evenement",
        "permanence",
        "contact_permanence",
        "photo",
    }
    visite = rules["entities"]["visite"]
    assert visite["writable"] is True
    assert visite["required_on_create"] == ["logement_id", "type"]
    fields = visite["fields"]
    assert fields["type"] == {
        "type": "string",
        "enum": ["courtoisie"],
        "nullable": False,
        "messages": {
            "type": "Texte attendu.",
            "enum": "Valeur non autorisée (valeurs possibles : courtoisie).",
            "nullable": "Ce champ ne peut pas être vide.",
        },
    }
    assert fields["observations"] == {
        "type": "string",
        "maxLength": 20000,
        "pattern": "^[^\\u0000]*$",
        "nullable": False,
        "messages": {
            "type": "Texte attendu.",
            "maxLength": "Texte trop long (20000 caractères au plus).",
            "pattern": "Caractère nul (U+0000) interdit.",
            "nullable": "Ce champ ne peut pas être vide.",
        },
    }
    assert fields["realisee_le"] == {
        "type": "string",
        "format": "date-time",
        "pattern": DATE_PATTERN,
        "minDate": "2000-01-01",
        "maxDaysAhead": 1,
        "nullable": True,
        "messages": {
            "type": FORMAT,
            "pattern": FORMAT,
            "format": FORMAT,
            "minDate": "Date hors des limites (le 01/01/2000 au plus tôt).",
            "maxDaysAhead": "Date hors des limites (demain au plus tard).",
        },
    }
    assert fields["prevue_le"]["maxDaysAhead"] == 730
    assert fields["prevue_le"]["messages"]["maxDaysAhead"] == (
        "Date hors des limites (730 jours après aujourd'hui au plus tard)."
    )
    assert fields["cout_estime"] == {
        "type": "number",
        "minimum": 0,
        "maximum": 10_000_000,
        "nullable": True,
        "messages": {
            "type": "Nombre attendu.",
            "minimum": "Nombre trop petit (0 au moins).",
            "maximum": "Nombre trop grand (10 000 000 au plus).",
        },
    }
    assert fields["photo_ids"]["type"] == "array"
    assert fields["photo_ids"]["maxItems"] == 200
    assert fields["photo_ids"]["items"]["pattern"] == UUID
    assert fields["photo_ids"]["messages"]["maxItems"] == "200 éléments au plus."
    assert rules["entities"]["photo"]["fields"]["sha256"]["pattern"] == "^[0-9a-f]{64}$"


def test_each_role_gets_its_own_visite_types(client, login_device) -> None:
    gestionnaire = rules_of(client, login_device("gestionnaire"))
    assert gestionnaire["entities"]["visite"]["fields"]["type"]["enum"] == [
        "candidat",
        "courtoisie",
        "conseil",
        "technique",
        "enquete_occupation",
        "logement_temoin",
    ]


def test_etag_and_304(client, login_device) -> None:
    login = login_device("gardien")
    first = client.get("/api/v1/rules", headers=login["headers"])
    etag = first.headers["ETag"]
    again = client.get("/api/v1/rules", headers=login["headers"] | {"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    other = client.get("/api/v1/rules", headers=login["headers"] | {"If-None-Match": '"autre"'})
    assert other.status_code == 200
    gestionnaire = client.get("/api/v1/rules", headers=login_device()["headers"])
    assert gestionnaire.headers["ETag"] != etag


def test_rules_need_a_device_token(client, agency: None) -> None:
    response = client.get("/api/v1/rules")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_login_carries_the_rules(client, login_device) -> None:
    login = login_device("gardien")
    assert login["rules"] == rules_of(client, login)


def _days(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="seconds")


# (field, bad value, rule keyword whose message the server must answer)
BROKEN_RULES = [
    ("type", "technique", "enum"),
    ("type", None, "nullable"),
    ("type", 3, "type"),
    ("observations", "x" * 20_001, "maxLength"),
    ("observations", "a\x00b", "pattern"),
    ("observations", ["liste"], "type"),
    ("realisee_le", "1999-12-31T23:59:00+01:00", "minDate"),
    ("realisee_le", _days(1.1), "maxDaysAhead"),
    ("realisee_le", "26/11/2026 09:30", "pattern"),
    ("realisee_le", "2026-02-30T09:30:00", "format"),
    ("prevue_le", _days(731), "maxDaysAhead"),
    ("cout_estime", "1_000", "type"),
    ("cout_estime", "350,50", "type"),
    ("cout_estime", "NaN", "type"),
    ("cout_estime", "Infinity", "type"),
    ("cout_estime", True, "type"),
    ("cout_estime", -0.01, "minimum"),
    ("cout_estime", 10_000_000.5, "maximum"),
    ("cout_estime", 1e30, "maximum"),
    ("photo_ids", [new_id()] * 201, "maxItems"),
]


@pytest.mark.parametrize(("name", "value", "keyword"), BROKEN_RULES)
def test_the_server_answers_the_published_message(
    client, login_device, name: str, value: Any, keyword: str
) -> None:
    login = login_device("gardien")
    rules = rules_of(client, login)["entities"]["visite"]["fields"]
    device = FakeDevice(client, login)
    fields = {"logement_id": LOGEMENT_R1, "type": "courtoisie", name: value}
    result = device.push(device.mutation(new_id(), fields)).get_json()["results"][0]
    assert result["status"] == "rejected"
    assert result["code"] == "validation_error"
    assert result["errors"] == {name: [rules[name]["messages"][keyword]]}


def test_list_items_answer_the_item_message(client, login_device) -> None:
    login = login_device("gardien")
    rules = rules_of(client, login)["entities"]["visite"]["fields"]
    device = FakeDevice(client, login)
    fields = {"logement_id": LOGEMENT_R1, "type": "courtoisie", "photo_ids": ["x", 3, None]}
    result = device.push(device.mutation(new_id(), fields)).get_json()["results"][0]
    items = rules["photo_ids"]["items"]["messages"]
    assert items["pattern"] == items["type"] == "Identifiant invalide."
    assert items["nullable"] == "Ce champ ne peut pas être vide."
    assert result["errors"] == {
        "photo_ids": ["Identifiant invalide.", "Ce champ ne peut pas être vide."],
    }


def test_values_inside_the_bounds_are_applied(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device("gardien"))
    record = new_id()
    fields = {
        "logement_id": LOGEMENT_R1,
        "type": "courtoisie",
        "realisee_le": "2000-01-01T00:00",
        "prevue_le": _days(729),
        "cout_estime": 10_000_000,
        "observations": "x" * 20_000,
    }
    result = device.push(device.mutation(record, fields)).get_json()["results"][0]
    assert result["status"] == "applied", result
    with app.app_context():
        visite = db.session.get(Visite, record)
        assert visite.cout_estime == 10_000_000.0


def test_numbers_are_stored_converted(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    record = new_id()
    fields = {"logement_id": LOGEMENT_R1, "type": "conseil", "cout_estime": 350}
    assert device.push(device.mutation(record, fields)).get_json()["results"][0]["status"] == (
        "applied"
    )
    with app.app_context():
        logged = db.session.scalars(select(MutationLog.fields)).one()
        assert logged["cout_estime"] == 350.0
        assert type(logged["cout_estime"]) is float  # the ledger holds what was stored
    changes, _ = device.pull_all()
    pulled = next(c for c in changes if c["record"] == record)
    assert pulled["fields"]["cout_estime"] == 350.0


def test_text_number_is_never_stored(app: Flask, client, login_device) -> None:
    device = FakeDevice(client, login_device())
    record = new_id()
    fields = {"logement_id": LOGEMENT_R1, "type": "conseil", "cout_estime": "1_000"}
    result = device.push(device.mutation(record, fields)).get_json()["results"][0]
    assert (result["status"], result["errors"]) == (
        "rejected",
        {"cout_estime": ["Nombre attendu."]},
    )
    with app.app_context():
        assert db.session.get(Visite, record) is None


JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "2026-11-26T09:30:00+01:00",
            "2026-11-26T09:30",
            "1999-12-31T10:00:00Z",
            "2090-01-01T10:00:00Z",
            "courtoisie",
            "technique",
            "1_000",
            "NaN",
            "0192f0c4-7b1e-7a44-9c55-2f6d3e8a9b10",
            "a" * 64,
        ]
    ),
    lambda inner: st.lists(inner, max_size=4),
    max_leaves=8,
)


@pytest.mark.parametrize("role", ["gardien", "gestionnaire"])
@pytest.mark.parametrize("entity", ["visite", "photo"])
@settings(max_examples=150, deadline=None)
@given(value=JSONISH, pick=st.integers(min_value=0, max_value=1000))
def test_fast_path_returns_what_marshmallow_returns(
    role: str, entity: str, value: Any, pick: int
) -> None:
    schema = role_schema(role, entity)
    validator = _validator(role, entity)
    names = sorted(validator.converters)
    name = names[pick % len(names)]
    fast = validator.converters[name](value)
    if fast is DOUBT:
        return
    loaded = schema.load({name: value}, partial=True)[name]
    assert fast == loaded
    assert type(fast) is type(loaded)


def test_entity_messages(client, login_device) -> None:
    visite = rules_of(client, login_device("gardien"))["entities"]["visite"]
    assert visite["messages"] == {
        "required": "Ce champ est obligatoire.",
        "unknown": "Champ inconnu.",
    }
