"""The review queue: newest first, filters, pages, scope."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from server.extensions import db
from server.families.visite import visite_in_scope
from server.models import User, Visite
from server.review import QueueFilters, day_end, day_start, queue_query
from tests.server.conftest import LOGEMENT_R2, LOGEMENT_R3, R1, R2, R3
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_backoffice_support import bo_login, page, push_visite, visite_fields


def _rows(html: str) -> list[str]:
    """The visite ids listed in the queue, in order."""
    return re.findall(r'href="/bo/visites/([0-9a-f-]{36})"', html)


def _setup(client: FlaskClient, login_device) -> dict[str, str]:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette Claire"))
    karim = FakeDevice(client, login_device("gestionnaire2", "Tablette Karim"))
    return {
        "r1": push_visite(claire),
        "r2": push_visite(claire, logement_id=LOGEMENT_R2, type="conseil"),
        "r3": push_visite(karim, logement_id=LOGEMENT_R3, type="candidat"),
    }


def test_queue_lists_newest_first_with_place_and_author(client: FlaskClient, login_device) -> None:
    ids = _setup(client, login_device)
    bo_login(client)
    html = page(client, "/bo/revue")
    assert _rows(html) == [ids["r3"], ids["r2"], ids["r1"]]
    assert "Les Tilleuls" in html and "R1-A-101" in html
    assert "Claire Fontaine" in html and "Karim Benali" in html
    assert "Visite technique" in html and "Reçu" in html
    assert "3 résultat(s) — page 1 sur 1" in html


def test_queue_filters(app: Flask, client: FlaskClient, login_device) -> None:
    ids = _setup(client, login_device)
    bo_login(client)
    assert _rows(page(client, "/bo/revue?type=conseil")) == [ids["r2"]]
    assert _rows(page(client, f"/bo/revue?residence={R3}")) == [ids["r3"]]
    with app.app_context():
        karim = db.session.execute(db.select(User.id).where(User.login == "gestionnaire2")).scalar()
        db.session.execute(
            update(Visite).where(Visite.id == ids["r1"]).values(review_state="a_corriger")
        )
        db.session.execute(
            update(Visite)
            .where(Visite.id == ids["r2"])
            .values(created_at=datetime(2026, 10, 1, 12, 0, tzinfo=UTC))
        )
        db.session.commit()
    assert _rows(page(client, f"/bo/revue?author={karim}")) == [ids["r3"]]
    assert _rows(page(client, "/bo/revue?state=a_corriger")) == [ids["r1"]]
    assert _rows(page(client, "/bo/revue?du=2026-09-30&au=2026-10-01")) == [ids["r2"]]
    assert _rows(page(client, "/bo/revue?au=2026-09-30")) == []
    # Invalid values are ignored rather than failing.
    assert len(_rows(page(client, "/bo/revue?type=inconnu&du=hier&author=x"))) == 3


def test_queue_pages(client: FlaskClient, login_device) -> None:
    device = FakeDevice(client, login_device())
    mutations = [device.mutation(new_id(), visite_fields()) for _ in range(51)]
    assert device.push(*mutations).status_code == 200
    bo_login(client)
    first = page(client, "/bo/revue?type=technique")
    assert len(_rows(first)) == 50
    assert "51 résultat(s) — page 1 sur 2" in first
    assert 'href="/bo/revue?page=2&amp;type=technique"' in first
    second = page(client, "/bo/revue?type=technique&page=2")
    assert len(_rows(second)) == 1
    assert 'href="/bo/revue?page=1&amp;type=technique"' in second


def test_scoped_queries_hide_other_residences(app: Flask, client, login_device) -> None:
    ids = _setup(client, login_device)
    with app.app_context():
        scope = frozenset({R1, R2})
        listed = [row.id for row in db.session.execute(queue_query(QueueFilters(), scope))]
        assert sorted(listed) == sorted([ids["r1"], ids["r2"]])
        assert visite_in_scope(ids["r3"], scope) is None
        assert visite_in_scope(ids["r1"], scope) is not None
        assert visite_in_scope(ids["r3"], None) is not None


def test_a_scoped_reader_sees_nothing_outside_its_scope(
    client: FlaskClient, login_device, monkeypatch
) -> None:
    """Every back-office role is agency-wide today; pages still filter by the scope they get."""
    ids = _setup(client, login_device)
    for module in ("review_views", "report_views", "blob_views"):
        monkeypatch.setattr(
            f"server.backoffice.{module}.residence_scope", lambda _user: frozenset({R1, R2})
        )
    bo_login(client)
    assert sorted(_rows(page(client, "/bo/revue"))) == sorted([ids["r1"], ids["r2"]])
    assert "Les Minguettes" not in page(client, "/bo/revue")
    assert client.get(f"/bo/visites/{ids['r3']}").status_code == 404
    assert client.get(f"/bo/visites/{ids['r1']}").status_code == 200
    export = client.get("/bo/export/visites.csv").data.decode("utf-8")
    assert ids["r3"] not in export and ids["r1"] in export
    board = page(client, "/bo/tableau-de-bord")
    assert "Les Minguettes" not in board and "Les Tilleuls" in board


def test_date_filters_use_local_days() -> None:
    assert day_start(date(2026, 10, 2)) == datetime(2026, 10, 1, 22, 0, tzinfo=UTC)
    assert day_end(date(2026, 10, 2)) == datetime(2026, 10, 2, 22, 0, tzinfo=UTC)
    assert day_end(date(2026, 10, 25)) == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)  # DST ended
