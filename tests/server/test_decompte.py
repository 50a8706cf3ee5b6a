"""The décompte de sortie's figures (server/documents/decompte.py) against the shared solde
vectors, and the back office's amount and date inputs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from server.backoffice.decompte_forms import DatesForm, RetenueForm, parse_montant
from server.documents.decompte import (
    A_RESTITUER,
    EN_RETARD,
    RESTITUE,
    AutreRetenue,
    LigneEdl,
    build_decompte,
    format_amount,
    format_date,
    statut_text,
)
from sync.solde import add_months
from tests.sync.shared_vectors import load_cases

BALANCES = [c for c in load_cases("solde.json") if "depot" in c]
PENALTIES = [c for c in load_cases("solde.json") if "majoration" in c]
TODAY = date(2026, 11, 29)


def _plain(text: str) -> str:
    """The text with its no-break spaces (inside amounts) as plain ones."""
    return text.replace("\u00a0", " ")


def _autres(amounts: list[float]) -> list[AutreRetenue]:
    return [
        AutreRetenue(f"r{i}", f"Retenue {i}", Decimal(str(a)), "Facture")
        for i, a in enumerate(amounts)
    ]


def _ligne(imputation: str, cout: str, tenant: str) -> LigneEdl:
    return LigneEdl(
        piece="Séjour",
        element="Murs",
        etat_entree="Bon état",
        etat_sortie="Mauvais état",
        imputation=imputation,
        grille="Peinture",
        installe_le=date(2020, 1, 31),
        age=6,
        taux_locataire=Decimal("0.5"),
        cout=Decimal(cout),
        part_locataire=Decimal(tenant),
        part_bailleur=Decimal(cout) - Decimal(tenant),
        remarque="",
    )


@pytest.mark.parametrize("case", BALANCES, ids=[c["name"] for c in BALANCES])
def test_balance_vectors(case: dict) -> None:
    decompte = build_decompte(
        [],
        sans_entree=False,
        depot=case["depot"],
        loyer=500,
        autres=_autres(case["retenues"]),
        cles_rendues_le=date.fromisoformat(case["cles_le"]),
        restitue_le=None,
        nouvelle_adresse="8 rue des Lilas",
        today=date.fromisoformat(case["cles_le"]),
    )
    assert decompte.conforme is case["conforme"]
    assert decompte.echeance == date.fromisoformat(case["echeance"])
    assert decompte.solde.restitution == Decimal(str(case["restitution"])).quantize(Decimal("0.01"))
    assert decompte.solde.reste_du == Decimal(str(case["reste_du"])).quantize(Decimal("0.01"))
    assert decompte.statut == A_RESTITUER


@pytest.mark.parametrize("case", PENALTIES, ids=[c["name"] for c in PENALTIES])
def test_penalty_vectors(case: dict) -> None:
    echeance = date.fromisoformat(case["echeance"])
    decompte = build_decompte(
        [],
        sans_entree=False,
        depot=900,
        loyer=case["loyer_hors_charges"],
        autres=[],
        cles_rendues_le=add_months(echeance, -1),  # conforme: the deadline is a month later
        restitue_le=date.fromisoformat(case["restitue_le"]),
        nouvelle_adresse="8 rue des Lilas" if case["nouvelle_adresse"] else "  ",
        today=TODAY,
    )
    assert decompte.echeance == echeance
    assert decompte.mois_de_retard == case["mois_de_retard"]
    assert decompte.majoration == Decimal(str(case["majoration"])).quantize(Decimal("0.01"))
    assert decompte.statut == RESTITUE


def test_the_edl_lines_retain_the_tenant_share_and_make_the_sortie_non_conforme() -> None:
    decompte = build_decompte(
        [_ligne("degradation", "800.00", "400.00"), _ligne("usure_normale", "300.00", "0.00")],
        sans_entree=False,
        depot="900.00",
        loyer="500.00",
        autres=_autres([80]),
        cles_rendues_le=date(2026, 1, 31),
        restitue_le=None,
        nouvelle_adresse="8 rue des Lilas",
        today=date(2026, 3, 25),
    )
    assert (decompte.retenu_edl, decompte.retenu_autres) == (Decimal("400.00"), Decimal("80.00"))
    assert decompte.solde.restitution == Decimal("420.00")
    assert (decompte.conforme, decompte.echeance) == (False, date(2026, 3, 31))
    assert (decompte.statut, decompte.bientot) == (A_RESTITUER, True)
    assert _plain(statut_text(decompte)) == "À restituer avant le 31/03/2026"


def test_without_an_entree_no_edl_line_is_retained() -> None:
    decompte = build_decompte(
        [_ligne("degradation", "800.00", "400.00")],
        sans_entree=True,
        depot="900.00",
        loyer="500.00",
        autres=[],
        cles_rendues_le=date(2026, 1, 31),
        restitue_le=None,
        nouvelle_adresse="",
        today=date(2026, 4, 10),
    )
    assert (decompte.retenu_edl, decompte.solde.restitution) == (Decimal("0.00"), Decimal("900.00"))
    assert (decompte.conforme, decompte.echeance) == (True, date(2026, 2, 28))
    assert (decompte.statut, decompte.jours_de_retard) == (EN_RETARD, 41)
    assert decompte.majoration == Decimal("0.00") and decompte.majoration_exclue
    assert _plain(statut_text(decompte)) == (
        "En retard de 41 jours (pas de majoration : aucune nouvelle adresse)"
    )


def test_a_late_restitution_says_how_late_and_what_penalty() -> None:
    decompte = build_decompte(
        [],
        sans_entree=False,
        depot="412.50",
        loyer="412.50",
        autres=[],
        cles_rendues_le=date(2026, 3, 15),
        restitue_le=date(2026, 4, 16),
        nouvelle_adresse="8 rue des Lilas",
        today=TODAY,
    )
    assert decompte.majoration == Decimal("41.25")
    assert _plain(statut_text(decompte)) == (
        "Restitué le 16/04/2026, avec 1 jour de retard (majoration 41,25 €)"
    )


def test_amounts_and_dates_as_the_csv_writes_them() -> None:
    assert format_amount(Decimal("1234.5")) == "1234,50"
    assert format_amount(Decimal("0")) == "0,00"
    assert (format_date(date(2026, 3, 31)), format_date(None)) == ("31/03/2026", "—")


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1 234,50", "1234.50"),
        ("1\u00a0234,5", "1234.50"),
        ("1234.5", "1234.50"),
        ("80 €", "80.00"),
        ("0", "0.00"),
    ],
)
def test_amounts_typed_the_french_way(typed: str, amount: str) -> None:
    assert parse_montant(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Montant obligatoire."),
        ("abc", "Montant invalide : saisissez un nombre en euros, par exemple 1 234,50."),
        ("1.234,50", "Montant invalide : saisissez un nombre en euros, par exemple 1 234,50."),
        ("1e3", "Montant invalide : saisissez un nombre en euros, par exemple 1 234,50."),
        ("-10", "Le montant ne peut pas être négatif."),
        ("12,345", "Le montant s'arrête au centime : deux décimales au plus."),
        ("100000000", "Le montant ne peut pas dépasser 99 999 999,99 €."),
    ],
)
def test_bad_amounts_are_refused_in_french(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_montant(typed)
    assert str(refused.value) == message


def test_a_retenue_needs_a_label_and_a_justification() -> None:
    form = RetenueForm.parse("  ", "80", "")
    assert form.errors == {
        "libelle": "Libellé obligatoire.",
        "justification": "Justification obligatoire : dites pourquoi cette somme est retenue "
        "(facture, devis, constat).",
    }
    ok = RetenueForm.parse("Nettoyage", "80,00", "Facture Net'Pro n° 1234")
    assert (ok.errors, ok.amount) == ({}, Decimal("80.00"))


def test_dates_of_the_keys_and_the_restitution() -> None:
    form = DatesForm.parse("31/01/2026", "2026-01-30", TODAY)
    assert form.errors == {
        "restitue_le": "La date de restitution ne peut pas précéder la remise des clés."
    }
    assert DatesForm.parse("2026-01-31", "2026-11-30", TODAY).errors == {
        "restitue_le": "La date de restitution ne peut pas être dans le futur."
    }
    assert DatesForm.parse("31/02/2026", "", TODAY).errors == {
        "cles_rendues_le": "Date invalide (format attendu : 31/01/2026)."
    }
    ok = DatesForm.parse("2026-01-31", "", TODAY)
    assert (ok.errors, ok.cles, ok.restitution) == ({}, date(2026, 1, 31), None)
