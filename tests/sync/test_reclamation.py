"""The statuts of a réclamation and the steps allowed between them (sync/reclamation.py)."""

from __future__ import annotations

import pytest

from sync.reclamation import (
    CATEGORIES,
    OPEN_STATUTS,
    STATUT_LABELS,
    STATUTS,
    affectation_step,
    follows,
    next_statuts,
    qualification_step,
    suggested_urgence,
    transition_refusal,
)


def test_the_statuts_and_which_are_open() -> None:
    assert STATUTS == (
        "saisie",
        "qualifiee",
        "affectee",
        "planifiee",
        "en_cours",
        "realisee",
        "controlee",
        "cloturee",
        "en_attente",
        "rejetee",
        "transferee",
        "reouverte",
    )
    assert set(STATUTS) - set(OPEN_STATUTS) == {"cloturee", "rejetee", "transferee"}
    assert set(STATUT_LABELS) == set(STATUTS)


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        ("saisie", ("qualifiee", "en_attente", "rejetee", "transferee")),
        ("qualifiee", ("affectee", "planifiee", "en_attente", "rejetee", "transferee")),
        ("affectee", ("planifiee", "en_cours", "en_attente", "transferee")),
        ("planifiee", ("en_cours", "en_attente")),
        ("en_cours", ("realisee", "en_attente")),
        ("realisee", ("controlee", "reouverte")),
        ("controlee", ("cloturee", "reouverte")),
        ("en_attente", ("qualifiee", "affectee", "planifiee", "en_cours", "rejetee")),
        ("reouverte", ("qualifiee", "affectee", "planifiee", "en_cours")),
        ("cloturee", ("reouverte",)),
        ("rejetee", ("reouverte",)),
        ("transferee", ("reouverte",)),
    ],
)
def test_next_statuts_of_each_statut(current: str, expected: tuple[str, ...]) -> None:
    assert next_statuts(current) == expected


def test_follows_only_the_allowed_steps() -> None:
    assert follows("saisie", "qualifiee")
    assert follows("controlee", "cloturee")
    assert follows("cloturee", "reouverte")
    assert not follows("saisie", "realisee")
    assert not follows("saisie", "saisie")
    assert not follows("cloturee", "en_cours")
    assert not follows("inconnu", "qualifiee")
    assert next_statuts("inconnu") == ()
    # nothing ever goes back to saisie, and every statut leads somewhere
    assert all(not follows(s, "saisie") and next_statuts(s) for s in STATUTS)


def test_the_refusal_names_the_statuts_in_french() -> None:
    assert transition_refusal("saisie", "realisee") == (
        "Passage de « Saisie » à « Réalisée » impossible : étapes possibles : Qualifiée, "
        "En attente, Rejetée, Transférée."
    )
    assert transition_refusal("cloturee", "en_cours") == (
        "Passage de « Clôturée » à « En cours » impossible : étapes possibles : Réouverte."
    )


def test_categories_and_suggested_urgence() -> None:
    assert len(CATEGORIES) == 13
    assert CATEGORIES[0] == "plomberie" and CATEGORIES[-1] == "administratif"
    assert suggested_urgence("securite_gaz_incendie") == "U1"
    assert [c for c in CATEGORIES if suggested_urgence(c) == "U2"] == [
        "plomberie",
        "electricite",
        "chauffage",
        "serrurerie",
        "ascenseur",
    ]
    assert suggested_urgence("eclairage") == "U3"
    assert suggested_urgence("trouble_voisinage") == "U3"


def test_which_step_a_qualification_and_an_assignment_record() -> None:
    assert {s: qualification_step(s) for s in ("saisie", "reouverte", "qualifiee", "affectee")} == {
        "saisie": "qualifiee",
        "reouverte": "qualifiee",
        "qualifiee": None,
        "affectee": None,
    }
    assert [affectation_step(s) for s in ("saisie", "qualifiee", "en_attente", "en_cours")] == [
        "affectee",
        "affectee",
        "affectee",
        None,
    ]
