"""The décompte de sortie in the back office: the EDL lines with their vétusté, other justified
sums, balance, deadline and penalty, the dates."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.extensions import db
from server.models import AuditEntry
from tests.server.sorties_backoffice import (
    NEW_ADDRESS,
    SANS_ENTREE,
    Sorties,
    edl_fields,
    element,
    page_text,
    parties,
    push_edl,
)
from tests.server.sync_helpers import FakeDevice
from tests.server.test_backoffice_support import bo_login, page, post


def test_the_decompte_of_a_damaged_sortie(client: FlaskClient, sorties: Sorties) -> None:
    edl = sorties.sortie()
    token = bo_login(client)
    text = page_text(page(client, f"/bo/sorties/{edl}"))
    # each EDL line: entry → exit condition, imputation, cost, age, tenant's rate and shares
    assert (
        "Séjour Murs grille : Peinture Bon état → Mauvais état "
        "Dégradation (à la charge du locataire)" in text
    )
    assert "800,00 € 6 ans depuis le 31/01/2020 50 % 400,00 € 400,00 €" in text
    assert "800,00 € 12 ans depuis le 31/01/2014 20 % 160,00 € 640,00 €" in text
    assert "Séjour Sol Bon état → État d'usage Usure normale (à la charge du bailleur)" in text
    assert "300,00 € — 0 % 0,00 € 300,00 €" in text
    assert "Retenu au titre de l'état des lieux 560,00 €" in text
    assert "Dépôt de garantie 900,00 €" in text
    assert "À restituer 340,00 €" in text
    assert "Reste dû par le locataire 0,00 €" in text
    record_page = page(client, f"/bo/records/etat_des_lieux/{edl}")
    assert f'href="/bo/sorties/{edl}">Décompte de sortie</a>' in record_page
    assert "2 mois : des sommes sont retenues" in text
    assert "Échéance 31/03/2026" in text
    assert SANS_ENTREE not in text

    response = post(
        client,
        f"/bo/sorties/{edl}/dates",
        token,
        cles_rendues_le="2026-01-31",
        restitue_le="2026-05-20",
    )
    assert response.status_code == 302
    text = page_text(page(client, f"/bo/sorties/{edl}"))
    assert "Restitué le 20/05/2026, avec 50 jours de retard (majoration 100,00 €)" in text
    assert "100,00 € : 50 jours de retard, 2 mois commencés × 10 % du loyer" in text


@pytest.mark.parametrize(
    ("restitue_le", "situation"),
    [
        ("2026-05-20", "Restitué le 20/05/2026, avec 35 jours de retard (majoration 100,00 €)"),
        ("2026-05-15", "Restitué le 15/05/2026, avec 30 jours de retard (majoration 50,00 €)"),
        ("2026-04-15", "Restitué le 15/04/2026"),
    ],
)
def test_penalty_per_started_month(
    client: FlaskClient, sorties: Sorties, restitue_le: str, situation: str
) -> None:
    edl = sorties.sortie()
    token = bo_login(client)
    # keys on 15 February, not conforme: due on 15 April (the vectors' échéance)
    post(
        client,
        f"/bo/sorties/{edl}/dates",
        token,
        cles_rendues_le="15/02/2026",
        restitue_le=restitue_le,
    )
    text = page_text(page(client, f"/bo/sorties/{edl}"))
    assert "Échéance 15/04/2026" in text
    assert f"Situation {situation}" in text


def test_no_new_address_no_penalty(client: FlaskClient, sorties: Sorties) -> None:
    edl = sorties.sortie(adresse="")
    token = bo_login(client)
    post(
        client,
        f"/bo/sorties/{edl}/dates",
        token,
        cles_rendues_le="2026-01-31",
        restitue_le="2026-05-20",
    )
    text = page_text(page(client, f"/bo/sorties/{edl}"))
    assert "Nouvelle adresse non communiquée" in text
    assert (
        "Majoration Aucune majoration n'est due : le locataire n'a pas donné de nouvelle adresse."
    ) in text
    assert "(pas de majoration : aucune nouvelle adresse)" in text


def test_a_sortie_without_a_signed_entree(
    client: FlaskClient, sorties: Sorties, tablet: FakeDevice
) -> None:
    fields = edl_fields("sortie", "2026-01-31", parties=parties(NEW_ADDRESS))
    damaged = element(
        "Séjour", "Murs", 1, etat="mauvais", grille_element="Peinture", imputation="degradation"
    )
    edl, _ids = push_edl(client, tablet, fields, [damaged | {"cout": 800}])
    token = bo_login(client)
    text = page_text(page(client, f"/bo/sorties/{edl}"))
    assert SANS_ENTREE in text
    assert "aucune ligne n'est retenue) 0,00 €" in text
    assert "À restituer 900,00 €" in text
    assert "1 mois : la sortie est conforme" in text
    assert "Échéance 28/02/2026" in text
    # other justified sums still count
    post(
        client,
        f"/bo/sorties/{edl}/retenues",
        token,
        libelle="Clés non rendues",
        montant="120",
        justification="Badge Vigik et clé de boîte aux lettres : facture serrurier n° 88",
    )
    text = page_text(page(client, f"/bo/sorties/{edl}"))
    assert "À restituer 780,00 €" in text
    assert "Échéance 31/03/2026" in text


def test_other_sums_are_checked_added_and_removed(
    app: Flask, client: FlaskClient, sorties: Sorties
) -> None:
    edl = sorties.sortie()
    token = bo_login(client)
    url = f"/bo/sorties/{edl}/retenues"
    for montant, message in [
        ("abc", "Montant invalide : saisissez un nombre en euros, par exemple 1 234,50."),
        ("-10", "Le montant ne peut pas être négatif."),
        ("12,345", "Le montant s'arrête au centime : deux décimales au plus."),
    ]:
        refused = post(client, url, token, libelle="Ménage", montant=montant, justification="x")
        assert refused.status_code == 400
        html = unescape(refused.get_data(as_text=True))
        assert f'<p class="field-error" id="montant-error" role="alert">{message}</p>' in html
        assert f'value="{montant}"' in html
    refused = post(client, url, token, libelle="Ménage", montant="80", justification=" ")
    assert refused.status_code == 400
    assert "Justification obligatoire" in refused.get_data(as_text=True)

    added = post(
        client,
        url,
        token,
        libelle="Remplacement de la porte",
        montant="1 234,50",
        justification="Devis Menuiserie Rhône n° 2026-118",
    )
    assert added.status_code == 302
    text = page_text(page(client, f"/bo/sorties/{edl}"))
    assert (
        "Remplacement de la porte Devis Menuiserie Rhône n° 2026-118 1 234,50 € Sylvie Mercier"
    ) in text
    assert "Total retenu 1 794,50 €" in text
    assert "À restituer 0,00 €" in text
    assert "Reste dû par le locataire 894,50 €" in text

    html = page(client, f"/bo/sorties/{edl}")
    removal = re.search(rf'action="(/bo/sorties/{edl}/retenues/[^"]+/supprimer)"', html)
    assert removal is not None
    assert post(client, removal.group(1), token).status_code == 302
    assert "Reste dû par le locataire 0,00 €" in page_text(page(client, f"/bo/sorties/{edl}"))

    with app.app_context():
        entries = db.session.execute(
            select(AuditEntry.action, AuditEntry.details)
            .where(AuditEntry.target == f"etat_des_lieux:{edl}")
            .order_by(AuditEntry.id)
        ).all()
    assert [a for a, _d in entries] == ["retenue_add", "retenue_delete"]
    assert entries[0][1]["montant"] == "1234,50"
    assert entries[1][1]["libelle"] == "Remplacement de la porte"


def test_dates_are_checked_and_audited(app: Flask, client: FlaskClient, sorties: Sorties) -> None:
    edl = sorties.sortie()
    token = bo_login(client)
    url = f"/bo/sorties/{edl}/dates"
    refused = post(client, url, token, cles_rendues_le="2026-02-01", restitue_le="2026-01-15")
    assert refused.status_code == 400
    assert "La date de restitution ne peut pas précéder la remise des clés." in refused.get_data(
        as_text=True
    )
    assert post(client, url, token, cles_rendues_le="", restitue_le="").status_code == 400
    assert post(client, url, token, cles_rendues_le="02/02/2026", restitue_le="").status_code == 302
    assert "Échéance 02/04/2026" in page_text(page(client, f"/bo/sorties/{edl}"))
    with app.app_context():
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "decompte_dates")
        ).scalar_one()
        assert entry.target == f"etat_des_lieux:{edl}"
        assert entry.details == {
            "avant": {"cles_rendues_le": "2026-01-31", "restitue_le": None},
            "apres": {"cles_rendues_le": "2026-02-02", "restitue_le": None},
        }
