"""Server PDF benchmark: a T4 état des lieux with 40 photos rendered by WeasyPrint.

Run from the repository root:  .venv/bin/python bench/edl_pdf.py   (prints figures; not a test)

The photos are photo-like 2048-px JPEGs put through the server's own pipeline
(server.blobs.process_image) once, so the PDF embeds the same ~320-px thumbnails as in production.
Goal (issue 9): under 1 s per PDF, median of 5 renderings after one warm-up.
"""

from __future__ import annotations

import hashlib
import io
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from server.blobs import process_image  # noqa: E402
from server.documents.edl_pdf import render_edl_pdf  # noqa: E402

PHOTOS, RUNS, GOAL_S = 40, 5, 1.0
EDL_ID = "edl-bench-t4"
COMMON = ["Porte et serrure", "Sol", "Plinthes", "Murs", "Plafond", "Fenêtres et vitrages"]
COMMON += ["Volets ou stores", "Radiateur", "Prises et interrupteurs", "Éclairage", "Placards"]
T4_ROOMS = {
    "Entrée": COMMON,
    "Séjour": COMMON,
    "Cuisine": COMMON + ["Évier", "Robinetterie", "Plan de travail", "Meubles", "Hotte ou VMC"],
    "Chambre 1": COMMON,
    "Chambre 2": COMMON,
    "Chambre 3": COMMON,
    "Dégagement": COMMON,
    "Salle de bains": COMMON + ["Baignoire ou douche", "Lavabo", "Robinetterie", "Faïence", "VMC"],
    "WC": COMMON + ["Cuvette", "Abattant", "Chasse d'eau"],
    "Balcon": ["Sol", "Garde-corps"],
    "Cave": ["Porte et serrure", "Sol", "Murs"],
}
ETATS = ["neuf", "bon", "bon", "usage", "usage", "mauvais", "hors_service"]


def photo_like_jpeg(rng: random.Random, width: int = 2048, height: int = 1536) -> bytes:
    """A 2048-px JPEG with shapes and grain, so its thumbnail compresses like a photo's."""
    # Drawn small and scaled up: the detail survives the 320-px thumbnail, and it is quick.
    small = (width // 4, height // 4)
    image = Image.new("RGB", small, tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(small[0]), rng.randrange(small[1])
        box = (x, y, x + rng.randrange(10, 150), y + rng.randrange(10, 100))
        draw.rectangle(box, fill=tuple(rng.randrange(256) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(1))
    image = Image.blend(image, Image.effect_noise(small, 40).convert("RGB"), 0.2)
    image = image.resize((width, height), Image.Resampling.BICUBIC)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def t4_edl(thumbs: list[bytes]) -> tuple[dict, list[dict], list[dict], list[dict], dict]:
    """A T4 EDL d'entrée, its photos spread over its elements and meters."""
    rng = random.Random(4)
    elements = []
    for piece, names in T4_ROOMS.items():
        for name in names:
            n = len(elements) + 1
            elements.append(
                {
                    "id": f"el-{n:03d}",
                    "edl_id": EDL_ID,
                    "piece": piece,
                    "element": name,
                    "ordre": n,
                    "etat": rng.choice(ETATS),
                    "non_teste": n % 17 == 0,
                    "absent": False,
                    "sale": n % 11 == 0,
                    "observations": "RAS" if n % 3 else "Traces d'usure et éclats de peinture",
                    "grille_element": None,
                }
            )
    photos = []
    for i, thumb in enumerate(thumbs):
        # Two meter photos, the rest spread over the rooms' elements.
        element = elements[(i - 2) * len(elements) // len(thumbs)]
        owner = ("etat_des_lieux", EDL_ID) if i < 2 else ("edl_element", element["id"])
        photos.append(
            {
                "id": f"ph-{i:02d}",
                "owner_entity": owner[0],
                "owner_record": owner[1],
                "sha256": hashlib.sha256(thumb).hexdigest(),
                "caption": f"Photo {i + 1}",
                "taken_at": f"2025-10-06T09:{i:02d}:00Z",
            }
        )
    edl = {
        "id": EDL_ID,
        "sens": "entree",
        "date_edl": "2025-10-06T09:00:00Z",
        "parties": [
            {"role": "locataire", "nom": "Éloïse Lefèvre", "adresse": None},
            {"role": "locataire", "nom": "Mathéo Lefèvre", "adresse": None},
        ],
        "bailleur_representant": "Jérôme Duçon",
        "bailleur_adresse": "8 place Bellecour, 69002 Lyon",
        "mandataire": None,
        "compteurs": [
            {"type": "eau_froide", "numero": "EF-1", "index": 1234.5, "photo_id": "ph-00"},
            {"type": "electricite_hp", "numero": "PDL-2", "index": 40211, "photo_id": "ph-01"},
            {"type": "electricite_hc", "numero": "PDL-2", "index": 18002, "photo_id": None},
            {"type": "gaz", "numero": "GZ-3", "index": 877, "photo_id": None},
        ],
        "cles": [
            {"type": "porte palière", "nombre": 3, "destination": "logement"},
            {"type": "boîte aux lettres", "nombre": 2, "destination": "hall"},
            {"type": "badge Vigik", "nombre": 2, "destination": "parties communes"},
            {"type": "cave", "nombre": 1, "destination": "cave n° 12"},
        ],
        "observations": "Logement remis propre. Détecteur de fumée présent.",
        "statut": "signe",
    }
    signatures = [
        {"role": role, "nom": nom, "image_sha256": None, "signed_at": "2025-10-06T10:30:00Z"}
        for role, nom in (("locataire", "Éloïse Lefèvre"), ("bailleur", "Jérôme Duçon"))
    ]
    context = {
        "logement": {
            "numero": "001",
            "batiment": "Bâtiment A",
            "residence": "Le Grand Clos",
            "adresse": "45 avenue Salengro",
            "code_postal": "69100",
            "ville": "Villeurbanne",
            "typologie": "T4",
        },
        "bailleur": "Habitat Rhône-Saône",
    }
    return edl, elements, signatures, photos, context


def main() -> None:
    rng = random.Random(2048)
    started = time.perf_counter()
    thumbs = [process_image(photo_like_jpeg(rng)).thumb for _ in range(PHOTOS)]
    made = time.perf_counter() - started
    print(
        f"{PHOTOS} photos of 2048 px → thumbnails of {Image.open(io.BytesIO(thumbs[0])).size} px, "
        f"{statistics.mean(map(len, thumbs)) / 1024:.0f} KB on average (made in {made:.1f} s)"
    )
    blobs = {hashlib.sha256(t).hexdigest(): t for t in thumbs}
    edl, elements, signatures, photos, context = t4_edl(thumbs)
    content_hash = hashlib.sha256(b"bench").hexdigest()

    def render() -> tuple[float, float, bytes]:
        wall, cpu = time.perf_counter(), time.process_time()
        pdf = render_edl_pdf(edl, elements, signatures, photos, context, content_hash, blobs.get)
        return time.perf_counter() - wall, time.process_time() - cpu, pdf

    cold, _, pdf = render()
    runs = [render() for _ in range(RUNS)]
    walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    median = statistics.median(walls)
    print(f"T4 EDL: {len(elements)} elements in {len(T4_ROOMS)} rooms, {PHOTOS} photos")
    print(f"PDF: {len(pdf) / 1024:.0f} KB, {pages} pages; first rendering {cold:.2f} s")
    # CPU time too: on a shared machine the wall clock also measures the neighbours.
    print(
        f"server PDF of a T4 EDL with {PHOTOS} photos: median {median:.2f} s of {RUNS} "
        f"(min {min(walls):.2f}, max {max(walls):.2f}; CPU median "
        f"{statistics.median(cpus):.2f} s); goal < {GOAL_S:.0f} s: "
        f"{'OK' if median < GOAL_S else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
