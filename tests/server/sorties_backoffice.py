"""Sorties pushed and signed as a tablet does (an entrée, then sorties with their dégradations),
for the back-office décompte tests."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from html import unescape
from typing import Any

from flask.testing import FlaskClient
from pypdf import PdfReader

from server.documents.dates import LOCAL_ZONE
from server.referentiel_io import stable_id
from sync.canonical import canonical_text, content_hash
from tests.server.conftest import LOGEMENT_R1
from tests.server.images import sha, signature_png
from tests.server.sync_helpers import FakeDevice, new_id

BAIL_B1 = stable_id("bail", "B1")
NEW_ADDRESS = "8 rue des Lilas, 69003 Lyon"
SANS_ENTREE = (
    "Aucun état des lieux d'entrée signé : le logement est présumé avoir été reçu en bon état "
    "(art. 1731 du Code civil), les dégradations ne peuvent pas être comparées."
)


def element(piece: str, element: str, ordre: int, **fields: Any) -> dict[str, Any]:
    return {"piece": piece, "element": element, "ordre": ordre, "etat": "bon", **fields}


def push_edl(
    client: FlaskClient,
    device: FakeDevice,
    fields: dict[str, Any],
    elements: list[dict[str, Any]],
    signed: bool = True,
) -> tuple[str, list[str]]:
    """Push an EDL and its elements as a tablet does, signed by both parties when `signed`."""
    edl_id, ids = new_id(), [new_id() for _ in elements]
    rows = {i: {"edl_id": edl_id, **e} for i, e in zip(ids, elements, strict=True)}
    mutations = [device.mutation(edl_id, fields, entity="etat_des_lieux")]
    mutations += [device.mutation(i, f, entity="edl_element") for i, f in rows.items()]
    if signed:
        digest = content_hash(
            canonical_text(
                {"record": edl_id, "fields": fields},
                [{"record": i, "fields": f} for i, f in rows.items()],
                [],
            )
        )
        for seed, (role, nom) in enumerate((("locataire", "Marie Dupont"), ("bailleur", "CF"))):
            image = signature_png(seed)
            upload = client.put(
                f"/api/v1/blobs/{sha(image)}",
                data=image,
                headers={**device.headers, "Content-Type": "application/octet-stream"},
            )
            assert upload.status_code in (200, 201), upload.get_json()
            signature = {
                "owner_entity": "etat_des_lieux",
                "owner_record": edl_id,
                "role": role,
                "nom": nom,
                "image_sha256": sha(image),
                "content_hash": digest,
                "signed_at": fields["date_edl"],
            }
            mutations.append(device.mutation(new_id(), signature, entity="signature"))
    results = device.push(*mutations).get_json()["results"]
    assert [r["status"] for r in results] == ["applied"] * len(mutations), results
    return edl_id, ids


def parties(adresse: str | None) -> list[dict[str, Any]]:
    return [
        {"role": "locataire", "nom": "Marie Dupont", "adresse": adresse},
        {"role": "bailleur", "nom": "Office Rhône Habitat", "adresse": "3 place Bellecour"},
    ]


def edl_fields(sens: str, day: str, **extra: Any) -> dict[str, Any]:
    return {
        "logement_id": LOGEMENT_R1,
        "bail_id": BAIL_B1,
        "sens": sens,
        "date_edl": f"{day}T10:00:00+01:00",
        "parties": parties(None),
        "bailleur_representant": "Claire Fontaine",
        "bailleur_adresse": "3 place Bellecour, 69002 Lyon",
        **extra,
    }


class Sorties:
    """A signed entrée of logement 101 (bail B1, deposit 900 €, rent 500 €) and its sorties."""

    def __init__(self, client: FlaskClient, device: FakeDevice) -> None:
        self.client, self.device = client, device
        self.entree, self.entree_elements = push_edl(
            client,
            device,
            edl_fields("entree", "2019-09-01"),
            [
                element("Séjour", "Murs", 1, grille_element="Peinture"),
                element("Séjour", "Sol", 2),
                element("Chambre", "Murs", 3, grille_element="Peinture"),
            ],
        )

    def sortie(
        self, day: str = "2026-01-31", adresse: str | None = NEW_ADDRESS, damaged: bool = True
    ) -> str:
        """A signed sortie: with damaged walls (400 € + 160 € for the tenant) and worn floors."""
        murs, sol, chambre = self.entree_elements
        elements = [
            element("Séjour", "Sol", 2, etat="usage", entree_element_id=sol, etat_entree="bon"),
        ]
        if damaged:
            elements += [
                element(
                    "Séjour",
                    "Murs",
                    1,
                    etat="mauvais",
                    entree_element_id=murs,
                    etat_entree="bon",
                    grille_element="Peinture",
                    imputation="degradation",
                    cout=800,
                    installe_le="2020-01-31",
                ),
                element(
                    "Chambre",
                    "Murs",
                    3,
                    etat="mauvais",
                    entree_element_id=chambre,
                    etat_entree="bon",
                    grille_element="peinture",
                    imputation="degradation",
                    cout=800,
                    installe_le="2014-01-31",
                ),
            ]
        elements[0] |= {"imputation": "usure_normale", "cout": 300}
        fields = edl_fields("sortie", day, entree_id=self.entree, parties=parties(adresse))
        return push_edl(self.client, self.device, fields, elements)[0]


def page_text(html: str) -> str:
    """A page's words, tags dropped and spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).replace(" ,", ",")


def pdf_text(data: bytes) -> str:
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def local_today() -> date:
    return datetime.now(LOCAL_ZONE).date()
