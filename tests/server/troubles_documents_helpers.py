"""A troubles de voisinage dossier pushed by a tablet, for the document and back-office tests."""

from __future__ import annotations

from typing import Any

from tests.server.conftest import LOGEMENT_R1
from tests.server.sync_helpers import FakeDevice, new_id

PLAIGNANT = "Henri Lefèvre"
TEMOIN_NOM, TEMOIN_PRENOM = "Bernard", "Lucie"


def applied(device: FakeDevice, *mutations: dict[str, Any]) -> None:
    """Push mutations that must all be applied."""
    response = device.push(*mutations)
    assert response.status_code == 200, response.get_json()
    statuses = [r["status"] for r in response.get_json()["results"]]
    assert statuses == ["applied"] * len(mutations), response.get_json()


class PushedDossier:
    """A bruit dossier against logement 101 (Marie DUPONT's), as a gestionnaire's tablet pushes
    it: three faits (two at night), a plaignant's entretien, a témoin's attestation, a rappel au
    bail, a médiation and a mise en demeure."""

    def __init__(self, device: FakeDevice) -> None:
        self.id = new_id()
        self.rappel, self.mise_en_demeure, self.mediation = new_id(), new_id(), new_id()
        self.attestation, self.entretien = new_id(), new_id()
        self.faits = [new_id(), new_id(), new_id()]
        m = device.mutation
        # 23h30 and 01h15 Paris on the nights of 3 and 17 October, 18h on 5 November
        moments = ("2026-10-03T23:30:00+02:00", "2026-10-17T23:15:00Z", "2026-11-05T18:00:00+01:00")
        applied(
            device,
            m(
                self.id,
                {
                    "logement_id": LOGEMENT_R1,
                    "nature": ["bruit"],
                    "depuis": "2026-09-15",
                    "frequence": "hebdomadaire",
                    "menages_concernes": 3,
                    "qualification": "trouble_voisinage",
                    "description": f"Plainte de {PLAIGNANT}, musique forte la nuit.",
                    "ouvert_le": "2026-10-01T09:00:00+02:00",
                },
                entity="dossier_trouble",
            ),
            *[
                m(
                    fait,
                    {
                        "logement_id": LOGEMENT_R1,
                        "dossier_id": self.id,
                        "survenu_le": survenu,
                        "nature": "bruit",
                        "intensite": "forte",
                        "signale_par": f"{PLAIGNANT} (plaignant)",
                        "temoins": f"{TEMOIN_PRENOM} {TEMOIN_NOM}",
                        "description": f"Musique forte entendue par {PLAIGNANT}.",
                    },
                    entity="fait",
                )
                for fait, survenu in zip(self.faits, moments, strict=True)
            ],
            m(
                self.entretien,
                {
                    "dossier_id": self.id,
                    "date": "2026-10-05T10:00:00+02:00",
                    "lieu": "Loge du gardien",
                    "mene_par": "Claire Fontaine",
                    "role": "plaignant",
                    "personne": PLAIGNANT,
                    "faits_declares": f"M. {PLAIGNANT} déclare entendre de la musique la nuit.",
                    "information_donnee": True,
                },
                entity="entretien",
            ),
            m(
                self.attestation,
                {
                    "dossier_id": self.id,
                    "nom": TEMOIN_NOM,
                    "prenom": TEMOIN_PRENOM,
                    "date_naissance": "1980-02-14",
                    "lieu_naissance": "Lyon",
                    "adresse": "12 rue des Tilleuls, appartement 102, 69100 Villeurbanne",
                    "profession": "Infirmière",
                    "lien_parties": "Voisine, aucun lien",
                    "faits": "J'ai entendu de la musique très forte le 3 octobre vers 23 h 30.",
                    "fait_a": "Villeurbanne",
                    "fait_le": "2026-10-06",
                    "piece_identite": True,
                    "mention_legale": True,
                },
                entity="attestation_temoin",
            ),
            m(
                self.rappel,
                {
                    "dossier_id": self.id,
                    "type": "rappel_bail",
                    "date": "2026-10-10T09:00:00+02:00",
                    "details": "Des bruits de musique tard le soir ont été constatés.",
                },
                entity="demarche",
            ),
            m(
                self.mediation,
                {"dossier_id": self.id, "type": "mediation", "date": "2026-10-20T09:00:00+02:00"},
                entity="demarche",
            ),
            m(
                self.mise_en_demeure,
                {
                    "dossier_id": self.id,
                    "type": "mise_en_demeure",
                    "date": "2026-11-10T09:00:00+01:00",
                    "delai": "2026-11-30",
                    "consequences": "nous saisirons le tribunal judiciaire.",
                },
                entity="demarche",
            ),
        )
