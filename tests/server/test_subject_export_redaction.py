"""Masking third parties in a data-subject export (server/privacy/redaction.py, names.py):
pure functions, literal texts."""

from __future__ import annotations

import pytest

from server.privacy.names import name_of, parse_name, same_person, split_name
from server.privacy.redaction import Redactor

MARIE = name_of("DUPONT", "Marie")
OTHERS = [
    name_of("LEFÈVRE", "Henri"),
    name_of("DIALLO", "Mamadou"),
    parse_name("Jean Dupont"),  # her husband: same surname
    name_of("Petit", "Luc"),
]
STAFF = [parse_name("Claire Fontaine")]


def redactor() -> Redactor:
    return Redactor(MARIE, OTHERS, STAFF, subject_id="marie-id")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Mme Dupont", True),
        ("DUPONT Marie", True),
        ("Marie Dupont", True),
        ("marie dupont", True),
        ("Jean Dupont", False),
        ("Marie", False),
        ("", False),
    ],
)
def test_which_written_names_designate_her(written: str, expected: bool) -> None:
    assert same_person(parse_name(written), MARIE) is expected


def test_a_name_is_split_as_written() -> None:
    assert split_name("DUPONT Marie") == ("DUPONT", "Marie", False)
    assert split_name("Mme Henri Lefèvre") == ("Lefèvre", "Henri", True)


@pytest.mark.parametrize(
    ("text", "expected", "masks"),
    [
        ("M. Lefèvre fait du bruit.", "M. [tiers] fait du bruit.", 1),
        ("Henri LEFEVRE et Mamadou Diallo.", "[tiers] et [tiers].", 2),
        ("Diallo Mamadou a vu.", "[tiers] a vu.", 1),
        ("Mme Dupont déclare.", "Mme Dupont déclare.", 0),
        ("Jean Dupont et Mme Dupont.", "[tiers] et Mme Dupont.", 1),
        ("Mme Fontaine, gestionnaire, a noté.", "Mme Fontaine, gestionnaire, a noté.", 0),
        ("Madame Inconnue Personne déclare.", "Madame [tiers] déclare.", 1),
        ("Un petit chien ; Luc Petit.", "Un petit chien ; [tiers].", 1),
        ("Monsieur le Maire est prévenu.", "Monsieur le Maire est prévenu.", 0),
    ],
)
def test_free_text_masks_other_persons(text: str, expected: str, masks: int) -> None:
    masking = redactor()
    assert masking.text(text) == expected
    assert masking.masks == masks


def test_names_fields_keep_only_her_and_staff() -> None:
    masking = redactor()
    fait = {"signale_par": "Mme Dupont", "temoins": "Gardien et voisins", "nature": "bruit"}
    assert masking.record("fait", fait) == {
        "signale_par": "Mme Dupont",
        "temoins": "[tiers]",
        "nature": "bruit",
    }
    edl = {
        "parties": [
            {"role": "locataire", "nom": "Marie Dupont", "adresse": None},
            {"role": "locataire", "nom": "Jean Dupont", "adresse": "5 rue Neuve"},
            {"role": "bailleur", "nom": "Office Rhône Habitat", "adresse": "3 place Bellecour"},
        ],
        "bailleur_representant": "Claire Fontaine",
        "date_edl": "2026-11-29T10:00:00+01:00",
    }
    assert masking.record("etat_des_lieux", edl)["parties"] == [
        {"role": "locataire", "nom": "Marie Dupont", "adresse": None},
        {"role": "locataire", "nom": "[tiers]", "adresse": "[tiers]"},
        {"role": "bailleur", "nom": "Office Rhône Habitat", "adresse": "3 place Bellecour"},
    ]
    bail = masking.record("bail", {"locataire_ids": ["marie-id", "jean-id"]})
    assert bail == {"locataire_ids": ["marie-id", "[tiers]"]}
    assert masking.masks == 4
