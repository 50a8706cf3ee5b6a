"""The procedure step of a troubles dossier (sync/procedure.py)."""

from __future__ import annotations

import pytest

from sync.procedure import alerte, est_nuit, etape_courante


@pytest.mark.parametrize(
    ("roles", "types", "expected"),
    [
        (
            [],
            [],
            (
                "qualification",
                "entretien_plaignant",
                "Prochaine étape : entretien avec le plaignant.",
            ),
        ),
        (
            ["plaignant"],
            [],
            (
                "entretien_plaignant",
                "rappel_bail",
                "Prochaine étape : rappel au bail au mis en cause.",
            ),
        ),
        (
            ["plaignant", "temoin"],
            ["rappel_bail"],
            (
                "rappel_bail",
                "entretien_mis_en_cause",
                "Prochaine étape : entretien avec le mis en cause.",
            ),
        ),
        (
            ["mis_en_cause"],
            ["confrontation"],
            (
                "mediation",
                "mise_en_demeure",
                "Prochaine étape : mise en demeure du mis en cause.",
            ),
        ),
        (
            [],
            ["mise_en_demeure", "rappel_bail"],
            (
                "mise_en_demeure",
                "partenaires",
                "Prochaine étape : saisir les partenaires (police, conciliateur, mairie, "
                "services sociaux).",
            ),
        ),
        (
            ["plaignant"],
            ["secteur_psychiatrique"],
            (
                "partenaires",
                "contentieux",
                "Prochaine étape : transmission au contentieux ou clôture du dossier.",
            ),
        ),
        ([], ["contentieux"], ("contentieux", None, "Dossier clos : aucune étape à venir.")),
        (["plaignant"], ["cloture"], ("cloture", None, "Dossier clos : aucune étape à venir.")),
        (
            ["temoin", None],
            ["inconnu", None],
            (
                "qualification",
                "entretien_plaignant",
                "Prochaine étape : entretien avec le plaignant.",
            ),
        ),
    ],
)
def test_the_furthest_step_reached_and_the_next(roles, types, expected) -> None:
    assert etape_courante(roles, types) == expected


@pytest.mark.parametrize(
    ("qualification", "expected"),
    [
        ("danger_immediat", "Appelez la police (17) maintenant."),
        ("infraction", "Appelez la police (17) maintenant."),
        ("trouble_voisinage", None),
        (None, None),
    ],
)
def test_police_alert_for_danger_and_offences(qualification, expected) -> None:
    assert alerte(qualification) == expected


@pytest.mark.parametrize(
    ("survenu_le", "expected"),
    [
        ("2026-11-21T21:59:00+01:00", False),
        ("2026-11-21T22:00:00+01:00", True),
        ("2026-11-22T03:30:00+01:00", True),
        ("2026-11-22T06:59:00Z", True),
        ("2026-11-22T07:00:00+01:00", False),
    ],
)
def test_a_fait_at_night_is_between_22_and_7(survenu_le, expected) -> None:
    assert est_nuit(survenu_le) is expected
