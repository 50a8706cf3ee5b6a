"""A signed EDL d'entrée pushed through the real HTTP API, as another tablet would have done it:
for tests about what comes after (the sortie) without filling a whole entrée in the browser."""

from __future__ import annotations

import hashlib
import io
import json
import urllib.request
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw

from e2e.support import DEMO_PASSWORD
from sync.canonical import canonical_text, content_hash

PARIS = ZoneInfo("Europe/Paris")


def _call(url: str, method: str, body: bytes | None, headers: dict[str, str]) -> Any:
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        data = response.read()
    return json.loads(data) if data else None


def _signature_png() -> bytes:
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(20, 70), (120, 30), (200, 75), (280, 25)], fill="navy", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def push_signed_entree(
    server, logement_id: str, locataire: str, rooms: dict[str, list[tuple[str, str | None]]]
) -> str:
    """Log a device in, push an entrée (rooms: piece → [(element, grille)] all "bon"), sign it
    (locataire and bailleur) over its canonical hash; returns its id once the server says signed."""
    login = _call(
        f"{server.url}/api/v1/auth/device",
        "POST",
        json.dumps(
            {"login": "gestionnaire", "password": DEMO_PASSWORD, "device_name": "Tablette d'hier"}
        ).encode(),
        {"Content-Type": "application/json"},
    )
    auth = {"Authorization": f"Bearer {login['token']}"}
    device = login["device_id"]
    seq = 0

    def mutation(entity: str, record: str, fields: dict[str, Any]) -> dict[str, Any]:
        nonlocal seq
        seq += 1
        stamp = int(datetime.now().timestamp() * 1000) + seq
        return {
            "seq": seq,
            "id": str(uuid.uuid4()),
            "entity": entity,
            "record": record,
            "op": "upsert",
            "base": None,
            "hlc": f"{stamp:015d}-00000-{device}",
            "fields": fields,
        }

    edl_id = str(uuid.uuid4())
    edl = {
        "logement_id": logement_id,
        "bail_id": None,
        "sens": "entree",
        "date_edl": datetime.now(PARIS).replace(microsecond=0).isoformat(),
        "entree_id": None,
        "parties": [{"role": "locataire", "nom": locataire, "adresse": None}],
        "bailleur_representant": "Claire Fontaine",
        "bailleur_adresse": "1 place du Bailleur, 69001 Lyon",
        "mandataire": None,
        "compteurs": [{"type": "eau_froide", "numero": "EF-1", "index": 120, "photo_id": None}],
        "cles": [{"type": "Porte palière", "nombre": 2, "destination": "Logement"}],
        "observations": "",
    }
    elements: dict[str, dict[str, Any]] = {}
    ordre = 0
    for piece, items in rooms.items():
        for name, grille in items:
            ordre += 100
            elements[str(uuid.uuid4())] = {
                "edl_id": edl_id,
                "piece": piece,
                "element": name,
                "ordre": ordre,
                "etat": "bon",
                "grille_element": grille,
            }
    digest = content_hash(
        canonical_text(
            {"record": edl_id, "fields": edl},
            [{"record": i, "fields": f} for i, f in elements.items()],
            [],
        )
    )
    png = _signature_png()
    image = hashlib.sha256(png).hexdigest()
    _call(
        f"{server.url}/api/v1/blobs/{image}",
        "PUT",
        png,
        {**auth, "Content-Type": "application/octet-stream"},
    )
    signed_at = datetime.now(PARIS).replace(microsecond=0).isoformat()
    mutations = [mutation("etat_des_lieux", edl_id, edl)]
    mutations += [mutation("edl_element", i, f) for i, f in elements.items()]
    for role, nom in (("locataire", locataire), ("bailleur", "Claire Fontaine")):
        mutations.append(
            mutation(
                "signature",
                str(uuid.uuid4()),
                {
                    "owner_entity": "etat_des_lieux",
                    "owner_record": edl_id,
                    "role": role,
                    "nom": nom,
                    "image_sha256": image,
                    "content_hash": digest,
                    "signed_at": signed_at,
                },
            )
        )
    answer = _call(
        f"{server.url}/api/v1/sync/push",
        "POST",
        json.dumps({"schema": 1, "mutations": mutations}).encode(),
        {**auth, "Content-Type": "application/json"},
    )
    statuses = {r["status"] for r in answer["results"]}
    assert statuses == {"applied"}, answer["results"][:3]
    assert server.scalar("SELECT statut FROM etat_des_lieux WHERE id = ?", (edl_id,)) == "signe"
    return edl_id
