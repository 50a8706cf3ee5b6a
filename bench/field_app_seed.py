"""The field-app benchmark's scope: visites and états des lieux, pushed through the sync engine.

Every record goes through `apply_mutations` with a device Actor, as a tablet's push would: visites
of the logements of secteur 1, and EDLs with their elements room by room, their photo records
(meters and elements; metadata only, the pull carries no bytes) and, for one EDL in two, the
locataire's and the bailleur's signatures over the stored content (the EDL ends up `signe`).
"""

from __future__ import annotations

import os
import random
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from e2e.support import server_env

SCOPE_TOTAL = 50_000
EDLS = 300
PHOTOS_PER_EDL = 8  # 2 of meters, 6 of elements
SIGNED_EVERY = 2  # one EDL in two is signed
BATCH = 500

OBSERVATIONS = [
    "Joint de la baignoire à refaire, traces d'humidité au plafond de la salle de bains.",
    "Logement en bon état d'entretien ; détecteur de fumée présent et fonctionnel.",
    "Robinet de la cuisine qui goutte ; ventilation de la salle d'eau obstruée.",
    "Porte palière qui frotte ; interphone à vérifier par l'entreprise.",
    "Radiateur de la chambre froid ; purge conseillée au locataire.",
]
EDL_ENTITIES = ("etat_des_lieux", "edl_element", "signature")
VISITE_TYPES = ["technique", "courtoisie", "conseil", "enquete_occupation"]
COMMON = ["Porte et serrure", "Sol", "Plinthes", "Murs", "Plafond", "Fenêtres et vitrages"]
COMMON += ["Volets ou stores", "Radiateur", "Prises et interrupteurs", "Éclairage", "Placards"]
SANITAIRES = ["Porte et serrure", "Sol", "Murs", "Plafond"]
# A T3 of 72 elements (the tablet's default template, trimmed: its T3 has 103).
T3_ROOMS = {
    "Entrée": COMMON,
    "Séjour": COMMON,
    "Cuisine": COMMON + ["Évier", "Robinetterie", "Plan de travail", "Meubles", "Hotte ou VMC"],
    "Chambre 1": COMMON,
    "Chambre 2": COMMON,
    "Salle de bains": SANITAIRES + ["Baignoire ou douche", "Lavabo", "Robinetterie", "VMC"],
    "WC": SANITAIRES[:2] + ["Cuvette", "Chasse d'eau"],
}
ETATS = ["neuf", "bon", "bon", "usage", "usage", "usage", "mauvais", "hors_service"]
ELEMENT_NOTES = ["", "", "", "RAS", "Traces d'usure", "Éclats de peinture", "Rayures légères"]


@dataclass
class Seeded:
    """What the scope holds: records before seeding per entity, and the ids seeded per entity."""

    before: dict[str, int]
    created: dict[str, list[str]] = field(
        default_factory=lambda: {e: [] for e in ("visite", *EDL_ENTITIES, "photo")}
    )
    signed_edls: set[str] = field(default_factory=set)
    element_edl: dict[str, str] = field(default_factory=dict)  # element id → its EDL's id

    def total(self) -> int:
        """Records of the scope after seeding."""
        return sum(self.before.values()) + sum(map(len, self.created.values()))

    def expected(self) -> dict[str, int]:
        """Records per entity the device must hold once synced."""
        out = {e: n for e, n in self.before.items() if n}
        for entity, ids in self.created.items():
            out[entity] = out.get(entity, 0) + len(ids)
        return out

    def unsigned_elements(self) -> list[str]:
        """Elements of EDLs still in draft (a signed EDL refuses changes)."""
        return [e for e, edl in self.element_edl.items() if edl not in self.signed_edls]

    def mix(self) -> str:
        """The seeded records, for the setup line."""
        c = {e: len(ids) for e, ids in self.created.items()}
        return (
            f"{c['visite']:,} visites + {c['etat_des_lieux']:,} états des lieux "
            f"({c['edl_element']:,} elements, {c['photo']:,} photo records, "
            f"{c['signature']:,} signatures; {len(self.signed_edls)} signed)"
        )


class Pusher:
    """Mutations of one device, pushed in batches through the engine and committed."""

    def __init__(self, actor: Any, device_id: str) -> None:
        self.actor, self.device_id = actor, device_id
        self.wall = int(time.time() * 1000) - 86_400_000
        self.seq = 0
        self.items: list[Any] = []

    def add(self, entity: str, record: str, fields: dict[str, Any]) -> None:
        from server.engine.writes import Incoming

        self.seq += 1
        hlc = f"{self.wall + self.seq:015d}-00000-{self.device_id}"
        self.items.append(
            Incoming(self.seq, str(uuid.uuid4()), entity, record, "upsert", None, hlc, fields)
        )

    def flush(self) -> None:
        """Apply and commit the pending mutations (all must be applied)."""
        from server.engine.writes import apply_mutations
        from server.extensions import db
        from server.models import Device

        if not self.items:
            return
        results = apply_mutations(self.actor, self.items)
        refused = [r for r in results if r["status"] != "applied"]
        assert not refused, refused[:3]
        db.session.get(Device, self.device_id).last_seq = self.seq
        db.session.commit()
        self.items = []


def _sha(rng: random.Random) -> str:
    return f"{rng.getrandbits(256):064x}"


def _edl(pusher: Pusher, rng: random.Random, logement: str, seeded: Seeded) -> None:
    """One EDL d'entrée: its elements, photos of two meters and of six elements."""
    created = seeded.created
    edl_id = str(uuid.uuid4())
    day = f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
    meter_photos = [str(uuid.uuid4()) for _ in range(2)]
    pusher.add(
        "etat_des_lieux",
        edl_id,
        {
            "logement_id": logement,
            "bail_id": None,
            "sens": "entree",
            "date_edl": f"{day}T09:00:00+02:00",
            "parties": [
                {"role": "locataire", "nom": "Éloïse Lefèvre", "adresse": None},
                {"role": "bailleur", "nom": "Habitat Rhône-Saône", "adresse": None},
            ],
            "bailleur_representant": "Jérôme Duçon",
            "bailleur_adresse": "8 place Bellecour, 69002 Lyon",
            "mandataire": None,
            "compteurs": [
                {
                    "type": "eau_froide",
                    "numero": "EF-1",
                    "index": 1234.5,
                    "photo_id": meter_photos[0],
                },
                {
                    "type": "electricite",
                    "numero": "PDL-2",
                    "index": 40211,
                    "photo_id": meter_photos[1],
                },
                {"type": "gaz", "numero": "GZ-3", "index": 877, "photo_id": None},
            ],
            "cles": [
                {"type": "Porte palière", "nombre": 3, "destination": "Logement"},
                {"type": "Boîte aux lettres", "nombre": 2, "destination": "Hall"},
                {"type": "Badge ou Vigik", "nombre": 2, "destination": "Parties communes"},
            ],
            "observations": rng.choice(OBSERVATIONS),
        },
    )
    created["etat_des_lieux"].append(edl_id)
    elements = []
    for piece, names in T3_ROOMS.items():
        for name in names:
            element_id = str(uuid.uuid4())
            elements.append(element_id)
            pusher.add(
                "edl_element",
                element_id,
                {
                    "edl_id": edl_id,
                    "piece": piece,
                    "element": name,
                    "ordre": 1000 * len(elements),
                    "etat": rng.choice(ETATS),
                    "non_teste": False,
                    "absent": False,
                    "sale": rng.random() < 0.08,
                    "observations": rng.choice(ELEMENT_NOTES),
                    "grille_element": None,
                },
            )
            seeded.element_edl[element_id] = edl_id
    created["edl_element"] += elements
    owners = [("etat_des_lieux", edl_id, p) for p in meter_photos]
    owners += [
        ("edl_element", e, str(uuid.uuid4())) for e in rng.sample(elements, PHOTOS_PER_EDL - 2)
    ]
    for n, (owner_entity, owner, photo_id) in enumerate(owners):
        pusher.add(
            "photo",
            photo_id,
            {
                "sha256": _sha(rng),
                "owner_entity": owner_entity,
                "owner_record": owner,
                "caption": f"Photo {n + 1}",
                "taken_at": f"{day}T09:{10 + n:02d}:00+02:00",
            },
        )
        created["photo"].append(photo_id)


def _sign(pusher: Pusher, rng: random.Random, edl_ids: list[str], seeded: Seeded) -> None:
    """The locataire's and the bailleur's signatures over each stored EDL's content."""
    from server.documents.signing import StoredView, canonical_of

    for edl_id in edl_ids:
        _text, current = canonical_of(StoredView(), edl_id)
        for role, nom in (("locataire", "Éloïse Lefèvre"), ("bailleur", "Jérôme Duçon")):
            signature_id = str(uuid.uuid4())
            pusher.add(
                "signature",
                signature_id,
                {
                    "owner_entity": "etat_des_lieux",
                    "owner_record": edl_id,
                    "role": role,
                    "nom": nom,
                    "image_sha256": _sha(rng),
                    "content_hash": current,
                    "signed_at": "2026-11-02T10:30:00+01:00",
                },
            )
            seeded.created["signature"].append(signature_id)
        seeded.signed_edls.add(edl_id)
        if len(pusher.items) >= BATCH:
            pusher.flush()
    pusher.flush()


def _visite(pusher: Pusher, rng: random.Random, logement: str) -> str:
    record = str(uuid.uuid4())
    day = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
    pusher.add(
        "visite",
        record,
        {
            "logement_id": logement,
            "type": rng.choice(VISITE_TYPES),
            "realisee_le": f"{day}T09:30:00+01:00",
            "participants": "Locataire présent",
            "observations": rng.choice(OBSERVATIONS),
            "suites": "",
            "photo_ids": [],
        },
    )
    return record


def _records_in_scope(scope: frozenset[str]) -> dict[str, int]:
    from sqlalchemy import func, select

    from server.extensions import db
    from server.families import REGISTRY, SNAPSHOT_ORDER

    before = {}
    for name in SNAPSHOT_ORDER:
        model = REGISTRY[name].model
        before[name] = db.session.scalar(
            select(func.count())
            .select_from(model)
            .where(
                model.deleted.is_(False),
                (model.residence_id.is_(None)) | (model.residence_id.in_(sorted(scope))),
            )
        )
    return before


def seed_scope(data_dir: Path) -> Seeded:
    """Fill the gestionnaire's scope up to SCOPE_TOTAL records: EDLs (EDLS of them, with their
    elements, photos and signatures), then visites for the rest."""
    os.environ.update(server_env(data_dir))
    from sqlalchemy import func, select

    from server import create_app
    from server.auth import issue_device
    from server.engine.driver import Actor, author_for
    from server.extensions import db
    from server.models import EtatDesLieux, Logement, User
    from server.policy import residence_scope

    app = create_app()
    with app.app_context():
        user = db.session.scalars(select(User).where(User.login == "gestionnaire")).one()
        scope = residence_scope(user)
        seeded = Seeded(_records_in_scope(scope))
        logements = list(
            db.session.scalars(select(Logement.id).where(Logement.residence_id.in_(scope)))
        )
        device, _token = issue_device(user, "Banc d'essai (import)")
        actor = Actor(user.id, user.role, scope, device.id, author_for(user.id, device.id))
        pusher = Pusher(actor, device.id)
        rng = random.Random(26)
        for _ in range(EDLS):
            _edl(pusher, rng, rng.choice(logements), seeded)
            if len(pusher.items) >= BATCH:
                pusher.flush()
        pusher.flush()
        _sign(pusher, rng, seeded.created["etat_des_lieux"][::SIGNED_EVERY], seeded)
        signed = db.session.scalar(
            select(func.count()).select_from(EtatDesLieux).where(EtatDesLieux.statut == "signe")
        )
        assert signed == len(seeded.signed_edls), (signed, len(seeded.signed_edls))
        needed = SCOPE_TOTAL - seeded.total()
        for _ in range(needed):
            seeded.created["visite"].append(_visite(pusher, rng, rng.choice(logements)))
            if len(pusher.items) >= BATCH:
                pusher.flush()
        pusher.flush()
        db.session.remove()
        db.engine.dispose()
    return seeded
