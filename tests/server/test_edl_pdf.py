"""The server's PDF of an état des lieux, checked by its text (pypdf)."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from server.documents.edl_pdf import format_datetime, format_index, render_edl_pdf
from server.documents.sortie import grilles_by_element

EDL_ID = "0b9f4c1e-5a1d-4e53-9a4b-2f6a1c0d3e01"
CONTENT_HASH = "3f0a9c" + "5e7d" * 14 + "b1"  # any 64 hex digits: the renderer prints it
ROOMS = {
    "Entrée": ["Porte et serrure", "Sol", "Murs", "Plafond", "Éclairage"],
    "Séjour": ["Sol", "Murs", "Plafond", "Fenêtres et vitrages", "Radiateur", "Prises"],
    "Cuisine": ["Sol", "Murs", "Évier", "Robinetterie", "Plan de travail", "Hotte ou VMC"],
    "Chambre 1": ["Sol", "Murs", "Plafond", "Fenêtres et vitrages", "Placards"],
    "Chambre 2": ["Sol", "Murs", "Plafond", "Volets ou stores", "Radiateur"],
    "Dégagement": ["Sol", "Murs", "Plafond", "Placards"],
    "Salle d'eau": ["Sol", "Faïence", "Lavabo", "Baignoire ou douche", "VMC", "Chauffe-eau"],
    "WC": ["Cuvette", "Abattant", "Chasse d'eau"],
}
ETATS = ["neuf", "bon", "usage", "mauvais", "hors_service"]


def jpeg(colour: tuple[int, int, int], size=(320, 240)) -> bytes:
    """A real JPEG thumbnail with a little structure in it."""
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).rectangle((20, 20, 120, 90), outline=(0, 0, 0), width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def signature_png(seed: int) -> bytes:
    """A signature drawn on a white background, as a PNG."""
    image = Image.new("RGB", (600, 200), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.line([(30, 150 - seed * 10), (200, 40), (380, 160), (560, 60)], fill=(0, 0, 0), width=5)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def t3_edl() -> tuple[dict, list[dict], list[dict], list[dict], dict, dict[str, bytes]]:
    """A T3 EDL d'entrée as plain data, and the thumbnails the server holds."""
    blobs: dict[str, bytes] = {}
    cuisine_jpeg, sol_jpeg, compteur_jpeg = (
        jpeg((200, 80, 40)),
        jpeg((40, 120, 200)),
        jpeg((90,) * 3),
    )
    sig_locataire, sig_bailleur = signature_png(1), signature_png(2)
    for data in (cuisine_jpeg, sol_jpeg, compteur_jpeg, sig_locataire, sig_bailleur):
        blobs[sha(data)] = data
    missing_sha = "f" * 64  # a photo whose bytes never reached the server

    elements = []
    ordre = 0
    for piece, names in ROOMS.items():
        for name in names:
            ordre += 1
            elements.append(
                {
                    "id": f"el-{ordre:03d}",
                    "edl_id": EDL_ID,
                    "piece": piece,
                    "element": name,
                    "ordre": ordre,
                    "etat": ETATS[ordre % 5],
                    "non_teste": False,
                    "absent": False,
                    "sale": False,
                    "observations": "RAS" if ordre % 4 else "Rayures légères près de l'entrée",
                    "grille_element": None,
                }
            )
    by_key = {(e["piece"], e["element"]): e for e in elements}
    by_key[("Cuisine", "Hotte ou VMC")].update(etat=None, non_teste=True)
    by_key[("Salle d'eau", "VMC")].update(
        etat="mauvais", sale=True, observations="Grille encrassée"
    )
    by_key[("Chambre 2", "Volets ou stores")].update(etat=None, absent=True)
    by_key[("Cuisine", "Évier")].update(
        etat="usage", observations="<script>alert('x')</script> & traces de calcaire"
    )
    by_key[("Séjour", "Sol")].update(grille_element="Parquet", etat="bon")

    edl = {
        "id": EDL_ID,
        "logement_id": "a6f0c3d2-1111-4d6e-8a9b-000000000101",
        "bail_id": None,
        "sens": "entree",
        "date_edl": "2025-10-06T08:30:00Z",
        "entree_id": None,
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
                "numero": "EF-778812",
                "index": 1234.5,
                "photo_id": "ph-compteur",
            },
            {
                "type": "electricite_hp",
                "numero": "PDL 09876543210987",
                "index": 40211,
                "photo_id": None,
            },
            {"type": "gaz", "numero": "GZ-1290", "index": None, "photo_id": None},
        ],
        "cles": [
            {"type": "porte palière", "nombre": 3, "destination": "logement"},
            {"type": "boîte aux lettres", "nombre": 2, "destination": "hall B"},
            {"type": "badge Vigik", "nombre": 1, "destination": "parties communes"},
        ],
        "observations": "Logement remis propre.\nDétecteur de fumée présent et testé.",
        "statut": "signe",
        "content_hash": CONTENT_HASH,
    }
    photos = [
        {
            "id": "ph-evier",
            "owner_entity": "edl_element",
            "owner_record": by_key[("Cuisine", "Évier")]["id"],
            "sha256": sha(cuisine_jpeg),
            "caption": "Éclat d'émail",
            "taken_at": "2025-10-06T08:41:00Z",
        },
        {
            "id": "ph-sol",
            "owner_entity": "edl_element",
            "owner_record": by_key[("Séjour", "Sol")]["id"],
            "sha256": sha(sol_jpeg),
            "caption": "Vue d'ensemble",
            "taken_at": "2025-10-06T08:35:00Z",
        },
        {
            "id": "ph-manquante",
            "owner_entity": "edl_element",
            "owner_record": by_key[("Salle d'eau", "VMC")]["id"],
            "sha256": missing_sha,
            "caption": "Grille VMC",
            "taken_at": "2025-10-06T08:50:00Z",
        },
        {
            "id": "ph-compteur",
            "owner_entity": "etat_des_lieux",
            "owner_record": EDL_ID,
            "sha256": sha(compteur_jpeg),
            "caption": "Compteur d'eau",
            "taken_at": "2025-10-06T08:32:00Z",
        },
    ]
    signatures = [
        {
            "role": "locataire",
            "nom": "Éloïse Lefèvre",
            "image_sha256": sha(sig_locataire),
            "content_hash": CONTENT_HASH,
            "signed_at": "2025-10-06T09:12:00Z",
        },
        {
            "role": "bailleur",
            "nom": "Jérôme Duçon",
            "image_sha256": sha(sig_bailleur),
            "content_hash": CONTENT_HASH,
            "signed_at": "2025-10-06T09:13:00Z",
        },
    ]
    context = {
        "logement": {
            "numero": "101",
            "batiment": "Bâtiment A",
            "residence": "Les Tilleuls",
            "adresse": "12 rue des Tilleuls",
            "code_postal": "69100",
            "ville": "Villeurbanne",
            "typologie": "T3",
        },
        "bailleur": "Habitat Rhône-Saône",
    }
    return edl, elements, signatures, photos, context, blobs


class Rendered:
    """A rendered PDF, its pages' text and the thumbnails asked for."""

    def __init__(self, edl=None, **changes) -> None:
        base_edl, elements, signatures, photos, context, blobs = t3_edl()
        self.asked: list[str] = []

        def thumbnail(sha256: str) -> bytes | None:
            self.asked.append(sha256)
            return blobs.get(sha256)

        self.pdf = render_edl_pdf(
            edl or base_edl,
            changes.get("elements", elements),
            changes.get("signatures", signatures),
            changes.get("photos", photos),
            changes.get("context", context),
            changes.get("content_hash", CONTENT_HASH),
            thumbnail,
        )
        self.reader = PdfReader(io.BytesIO(self.pdf))
        self.pages = [page.extract_text() for page in self.reader.pages]
        self.text = "\n".join(self.pages)
        self.lines = [line.strip() for line in self.text.splitlines()]
        self.flat = " ".join(self.text.split())


@pytest.fixture(scope="module")
def rendered() -> Rendered:
    return Rendered()


def test_is_an_a4_pdf_of_several_pages(rendered):
    assert rendered.pdf.startswith(b"%PDF-")
    assert len(rendered.pages) >= 2
    box = rendered.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


def test_hash_and_page_number_on_every_page(rendered):
    count = len(rendered.pages)
    for number, text in enumerate(rendered.pages, start=1):
        assert f"Empreinte SHA-256 : {CONTENT_HASH}" in text
        assert f"Page {number} / {count}" in text


def test_title_date_and_logement(rendered):
    assert rendered.lines[0] == "État des lieux d'entrée"
    assert "Établi le 06/10/2025 à 10h30" in rendered.lines  # 08:30 UTC is 10:30 in Paris
    assert "Logement 101 (T3), Bâtiment A, résidence Les Tilleuls" in rendered.lines
    assert "12 rue des Tilleuls, 69100 Villeurbanne" in rendered.lines


def test_parties_bailleur_and_mandataire_with_accents(rendered):
    assert "Locataire Éloïse Lefèvre —" in rendered.lines
    assert "Bailleur : Habitat Rhône-Saône, représenté par Jérôme Duçon" in rendered.lines
    assert "Adresse du bailleur : 8 place Bellecour, 69002 Lyon" in rendered.lines
    assert "Mandataire : aucun" in rendered.lines


def test_meters_and_keys(rendered):
    assert "Eau froide EF-778812 1234,5" in rendered.lines
    assert "Électricité (heures pleines) PDL 09876543210987 40211 —" in rendered.lines
    assert "Gaz GZ-1290 — —" in rendered.lines
    assert "porte palière 3 logement" in rendered.lines
    assert "boîte aux lettres 2 hall B" in rendered.lines
    assert "badge Vigik 1 parties communes" in rendered.lines


def test_rooms_in_order_with_conditions_and_marks(rendered):
    positions = [rendered.text.index(f"\n{room}\n") for room in ROOMS]
    assert positions == sorted(positions)
    assert "Porte et serrure Bon état RAS" in rendered.lines  # ordre 1 → ETATS[1]
    assert "Sol État d'usage RAS" in rendered.lines
    assert "Murs Mauvais état RAS" in rendered.lines
    assert "Plafond Hors service Rayures légères près de l'entrée" in rendered.lines
    assert "Éclairage Neuf RAS" in rendered.lines
    assert "Hotte ou VMC — Non testé RAS" in rendered.lines
    assert "Volets ou stores — Absent RAS" in rendered.lines
    assert "VMC Mauvais état Sale Grille encrassée" in rendered.lines
    assert "Parquet" in rendered.lines  # the grille line under Séjour › Sol


def test_observations_are_escaped_text(rendered):
    # The cell wraps: compare with whitespace collapsed.
    assert "Évier État d'usage <script>alert('x')</script> & traces de calcaire" in rendered.flat
    assert "Logement remis propre." in rendered.lines
    assert "Détecteur de fumée présent et testé." in rendered.lines


def test_photos_embedded_and_missing_one_noted(rendered):
    assert "Évier — Éclat d'émail" in rendered.lines
    assert "Sol — Vue d'ensemble" in rendered.lines
    assert "VMC — Grille VMC" in rendered.lines
    assert rendered.text.count("photo non reçue") == 1
    # Cuisine, sol, compteur and two signatures: five images (WeasyPrint shares one resource
    # dictionary between pages, hence the names).
    images = {img.name: img for page in rendered.reader.pages for img in page.images}
    assert len(images) == 5
    sizes = sorted(img.image.size for img in images.values())
    assert sizes == [(320, 240)] * 3 + [(600, 200)] * 2


def test_each_thumbnail_is_asked_once(rendered):
    assert len(rendered.asked) == len(set(rendered.asked)) == 6


def test_signatures(rendered):
    assert "Locataire : Éloïse Lefèvre" in rendered.lines
    assert "Bailleur : Jérôme Duçon" in rendered.lines
    assert "Signé le 06/10/2025 à 11h12" in rendered.lines
    assert "Signé le 06/10/2025 à 11h13" in rendered.lines
    assert "signature non reçue" not in rendered.text
    assert "document non signé" not in rendered.text


def test_sortie_draft_without_signature_images():
    edl, elements, signatures, photos, context, _ = t3_edl()
    edl = {**edl, "sens": "sortie", "statut": "brouillon"}
    edl["parties"][0]["adresse"] = "3 rue Mercière, 69002 Lyon"
    context = {**context, "date_entree": "2022-09-01T09:00:00+02:00"}
    unsigned = [{**s, "image_sha256": "0" * 64} for s in signatures]
    doc = Rendered(edl, signatures=unsigned, context=context)
    assert doc.lines[0] == "État des lieux de sortie"
    assert "Locataire Éloïse Lefèvre 3 rue Mercière, 69002 Lyon" in doc.lines
    assert "État des lieux d'entrée du 01/09/2022 à 09h00" in doc.lines
    assert "document non signé (brouillon)" in doc.text
    assert doc.text.count("signature non reçue") == 2


def _sortie(by_key_changes: dict[tuple[str, str], dict], **context_more) -> Rendered:
    """The T3 as an exit of 01/03/2026, some elements changed and priced."""
    edl, elements, signatures, photos, context, _ = t3_edl()
    edl = {**edl, "sens": "sortie", "date_edl": "2026-03-01T10:00:00+01:00"}
    edl["parties"][0]["adresse"] = "3 rue Mercière, 69002 Lyon"
    for element in elements:
        element["etat_entree"] = element["etat"]
        element.update(by_key_changes.get((element["piece"], element["element"]), {}))
    peinture = {"element": "Peinture", "duree_vie": 9, "franchise": 1}
    grilles = grilles_by_element([peinture | {"abattement_annuel": 10, "part_residuelle": 20}])
    context = {**context, "grilles": grilles, **context_more}
    return Rendered(edl, elements=elements, context=context)


SORTIE_CHANGES = {
    ("Séjour", "Murs"): {"etat_entree": "bon", "etat": "hors_service", "grille_element": "Peinture"}
    | {"imputation": "degradation", "cout": 800.0, "installe_le": "2020-03-01"},
    ("Cuisine", "Évier"): {"etat_entree": "usage", "etat": "mauvais", "grille_element": "Évier"}
    | {"imputation": "degradation", "cout": 120.5, "observations": "Émail éclaté"}
    | {"entree_element_id": "entree-evier"},
    ("Chambre 1", "Sol"): {"etat_entree": "bon", "etat": "usage", "grille_element": "peinture"}
    | {"imputation": "usure_normale", "cout": 300},
}


def test_a_sortie_prints_the_changes_side_by_side_and_the_vetuste():
    doc = _sortie(
        SORTIE_CHANGES,
        date_entree="2014-03-01T10:00:00+01:00",
        entree_elements={"entree-evier": {"observations": "Émail terne"}},
    )
    flat = " ".join(doc.text.split())
    assert "État des lieux d'entrée du 01/03/2014 à 10h00" in doc.lines
    assert "Nouvelle adresse du locataire : 3 rue Mercière, 69002 Lyon" in doc.lines
    assert "Séjour — Murs Bon état Hors service" in flat
    assert "Cuisine — Évier État d'usage Émail terne Mauvais état Émail éclaté" in flat
    assert "Chambre 1 — Sol Bon état État d'usage" in flat
    assert "Séjour — Murs Dégradation 01/03/2020 6 ans 50 % 800,00 € 400,00 € 400,00 €" in flat
    assert "Cuisine — Évier Dégradation 01/03/2014 — 100 % 120,50 € 120,50 € 0,00 €" in flat
    assert "Chambre 1 — Sol Usure normale 01/03/2014 12 ans 0 % 300,00 € 0,00 € 300,00 €" in flat
    assert "Total 1 220,50 € 520,50 € 700,00 €" in flat
    assert "Usure normale : rien n'est à la charge du locataire." in flat


def test_a_sortie_without_a_signed_entree_says_so():
    doc = _sortie({("Séjour", "Murs"): SORTIE_CHANGES[("Séjour", "Murs")]})
    flat = " ".join(doc.text.split())
    assert "Sans état des lieux d'entrée signé" in doc.lines
    assert "Sans état des lieux d'entrée signé : pas de comparaison élément par élément." in flat
    assert "Total 800,00 € 400,00 € 400,00 €" in flat


def test_an_entree_prints_no_exit_part(rendered):
    for words in ("Évolutions depuis l'entrée", "Réparations et vétusté", "Nouvelle adresse"):
        assert words not in rendered.text


def test_pulled_records_and_removed_elements_are_accepted():
    edl, elements, signatures, photos, context, _ = t3_edl()
    pulled = [
        {"entity": "edl_element", "record": e["id"], "fields": {k: v for k, v in e.items()}}
        for e in elements
    ]
    pulled[0]["fields"]["deleted"] = True  # a removed element never prints
    doc = Rendered({"entity": "etat_des_lieux", "record": EDL_ID, "fields": edl}, elements=pulled)
    assert "Porte et serrure Bon état RAS" not in doc.lines
    assert "Eau froide EF-778812 1234,5" in doc.lines


def test_rejects_a_hash_that_is_not_sha256_hex():
    with pytest.raises(ValueError):
        Rendered(content_hash="</span><script>")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-30T00:30:00Z", "30/03/2025 à 01h30"),  # before the switch to summer time
        ("2025-03-30T01:30:00Z", "30/03/2025 à 03h30"),
        ("2025-10-06", "06/10/2025"),
        ("2025-10-06T10:30:00", "06/10/2025 à 10h30"),
        ("hier", "hier"),
        (None, ""),
    ],
)
def test_format_datetime(value, expected):
    assert format_datetime(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(1234.5, "1234,5"), (40211, "40211"), (12.0, "12"), (None, "—")]
)
def test_format_index(value, expected):
    assert format_index(value) == expected


def test_hash_is_printed_whole_on_one_line(rendered):
    footers = [line for line in rendered.lines if line.startswith("Empreinte SHA-256 :")]
    assert len(footers) == len(rendered.pages)
    assert all(re.search(rf"{CONTENT_HASH}\b", line) for line in footers)
