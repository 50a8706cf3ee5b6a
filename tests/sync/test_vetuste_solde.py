"""Vétusté and solde de tout compte against every worked example of ../shared/vectors/."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sync.solde import add_months, echeance_restitution, majoration, mois_de_retard, solde
from sync.vetuste import age_en_annees, grille_from, partage, to_decimal
from tests.sync.shared_vectors import COPY, SHARED, load_cases

VETUSTE = load_cases("vetuste.json")
SOLDE = load_cases("solde.json")
DEPOTS = [c for c in SOLDE if "depot" in c]
RETARDS = [c for c in SOLDE if "restitue_le" in c]


def cents(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared/vectors beside this clone")
@pytest.mark.parametrize("name", ["vetuste.json", "solde.json", "echeance.json"])
def test_the_repository_copy_is_the_shared_file(name: str) -> None:
    assert (COPY / name).read_bytes() == (SHARED / name).read_bytes()


def test_every_file_has_its_cases() -> None:
    assert (len(VETUSTE), len(DEPOTS), len(RETARDS)) == (8, 4, 4)


@pytest.mark.parametrize("case", VETUSTE, ids=[c["name"] for c in VETUSTE])
def test_vetuste(case: dict) -> None:
    result = partage(
        grille_from(case["grille"]),
        date.fromisoformat(case["installe_le"]),
        date.fromisoformat(case["sortie_le"]),
        case["cout"],
        case["degradation"],
    )
    assert result.age == case["age"]
    assert result.part_locataire == cents(case["part_locataire"])
    assert result.part_locataire + result.part_bailleur == cents(case["cout"])


@pytest.mark.parametrize("case", DEPOTS, ids=[c["name"] for c in DEPOTS])
def test_solde(case: dict) -> None:
    cles_le = date.fromisoformat(case["cles_le"])
    assert echeance_restitution(cles_le, case["conforme"]).isoformat() == case["echeance"]
    result = solde(case["depot"], case["retenues"])
    assert (result.restitution, result.reste_du) == (
        cents(case["restitution"]),
        cents(case["reste_du"]),
    )


@pytest.mark.parametrize("case", RETARDS, ids=[c["name"] for c in RETARDS])
def test_retard(case: dict) -> None:
    echeance = date.fromisoformat(case["echeance"])
    restitue_le = date.fromisoformat(case["restitue_le"])
    assert mois_de_retard(echeance, restitue_le) == case["mois_de_retard"]
    amount = majoration(echeance, restitue_le, case["loyer_hors_charges"], case["nouvelle_adresse"])
    assert amount == cents(case["majoration"])


def test_ages_around_anniversaries_and_leap_days() -> None:
    assert age_en_annees(date(2020, 2, 29), date(2021, 2, 28)) == 0
    assert age_en_annees(date(2020, 2, 29), date(2021, 3, 1)) == 1
    assert age_en_annees(date(2026, 5, 1), date(2025, 5, 1)) == 0


def test_months_end_on_the_last_day_that_exists() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
    assert mois_de_retard(date(2026, 1, 31), date(2026, 3, 1)) == 2


@pytest.mark.parametrize("bad", ["1_000", "abc", None, True, float("nan"), "Infinity"])
def test_a_cost_that_is_not_a_number_is_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        to_decimal(bad)


def test_a_negative_cost_is_refused() -> None:
    grille = grille_from(VETUSTE[0]["grille"])
    with pytest.raises(ValueError):
        partage(grille, date(2020, 1, 1), date(2026, 1, 1), -1, True)
