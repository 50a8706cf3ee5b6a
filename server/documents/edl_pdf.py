"""The server's PDF of an état des lieux: plain record data → Jinja HTML → WeasyPrint PDF."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import CSS, HTML, URLFetcher

from server.documents.labels import COMPTEUR_LABELS, ETAT_LABELS, MARK_LABELS, format_index
from server.documents.sortie_view import sortie_view

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE = "documents/etat_des_lieux.html"
STYLESHEET = TEMPLATES / "documents" / "etat_des_lieux.css"
LOCAL_ZONE = ZoneInfo("Europe/Paris")
HASH_RE = re.compile(r"^[0-9a-f]{64}$")

ROLE_LABELS = {
    "locataire": "Locataire",
    "bailleur": "Bailleur",
    "mandataire": "Mandataire",
    "temoin": "Témoin",
}
TITLES = {"entree": "État des lieux d'entrée", "sortie": "État des lieux de sortie"}

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,  # every field is typed by people in the field: print it, never interpret it
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

Thumbnail = Callable[[str], bytes | None]


def render_edl_pdf(
    edl: dict,
    elements: list[dict],
    signatures: list[dict],
    photos: list[dict],
    context: dict,
    content_hash: str,
    thumbnail: Thumbnail,
) -> bytes:
    """The PDF (A4, French) of an état des lieux, its content hash printed on every page."""
    if not HASH_RE.match(content_hash or ""):
        raise ValueError("content_hash must be 64 lowercase hexadecimal digits")
    html = render_edl_html(edl, elements, signatures, photos, context, content_hash, thumbnail)
    # Only data: URIs are ever needed; refusing the rest keeps the renderer off the network
    # and the file system whatever ends up in the HTML.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)
    document = HTML(string=html, base_url=str(TEMPLATES), url_fetcher=fetcher)
    # Parsed per call (a few ms): WeasyPrint objects are not shared between server threads.
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])


def render_edl_html(
    edl: dict,
    elements: list[dict],
    signatures: list[dict],
    photos: list[dict],
    context: dict,
    content_hash: str,
    thumbnail: Thumbnail,
) -> str:
    """The HTML the PDF is made from (exposed for debugging and tests)."""
    view = edl_view(edl, elements, signatures, photos, context, content_hash, thumbnail)
    return _ENV.get_template(TEMPLATE).render(**view)


def edl_view(
    edl: dict,
    elements: list[dict],
    signatures: list[dict],
    photos: list[dict],
    context: dict,
    content_hash: str,
    thumbnail: Thumbnail,
) -> dict[str, Any]:
    """What the template prints, already grouped, ordered and labelled."""
    edl = _flat(edl)
    images = _ImageCache(thumbnail)
    live_photos = _sorted_photos(_live(photos))
    compteur_photo_ids = {c.get("photo_id") for c in edl.get("compteurs") or [] if c}
    edl_id = edl.get("id")
    general_photos = [
        _photo_view(p, images, "")
        for p in live_photos
        if p.get("owner_entity") == "etat_des_lieux"
        and p.get("owner_record") in (edl_id, None)
        and p.get("id") not in compteur_photo_ids
    ]
    by_id = {p.get("id"): p for p in live_photos if p.get("id")}
    sens = edl.get("sens") or "entree"
    live_elements = _live(elements)
    return {
        "title": TITLES.get(sens, TITLES["entree"]),
        "sens": sens,
        "date_edl": format_datetime(edl.get("date_edl")),
        "date_entree": format_datetime(context.get("date_entree")),
        "signe": edl.get("statut") == "signe",
        "logement": _logement_view(context.get("logement") or {}),
        "bailleur": context.get("bailleur") or "",
        "bailleur_representant": edl.get("bailleur_representant") or "",
        "bailleur_adresse": edl.get("bailleur_adresse") or "",
        "mandataire": edl.get("mandataire") or "",
        "parties": [
            {
                "role": ROLE_LABELS.get(p.get("role"), p.get("role") or ""),
                "nom": p.get("nom") or "",
                "adresse": p.get("adresse") or "",
            }
            for p in edl.get("parties") or []
        ],
        "compteurs": [_compteur_view(c, by_id, images) for c in edl.get("compteurs") or []],
        "cles": [
            {
                "type": c.get("type") or "",
                "nombre": c.get("nombre") if c.get("nombre") is not None else "",
                "destination": c.get("destination") or "",
            }
            for c in edl.get("cles") or []
        ],
        "pieces": _pieces(live_elements, live_photos, images),
        "observations": edl.get("observations") or "",
        "general_photos": general_photos,
        "signatures": [_signature_view(s, images) for s in _live(signatures)],
        "content_hash": content_hash,
        **sortie_view(edl, live_elements, context),
    }


def format_datetime(value: str | None) -> str:
    """An ISO date or date-time as French text in Paris time ("12/03/2025 à 14h05")."""
    if not value:
        return ""
    text = str(value)
    try:
        if len(text) == 10:
            return date.fromisoformat(text).strftime("%d/%m/%Y")
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text  # print what was recorded rather than lose it
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_ZONE)
    return moment.strftime("%d/%m/%Y à %Hh%M")


def _flat(record: dict) -> dict:
    """Accept a pulled record ({entity, record, fields}) as well as its plain fields."""
    if "fields" in record and "record" in record:
        return {**record["fields"], "id": record["record"]}
    return record


def _live(records: Iterable[dict]) -> list[dict]:
    return [r for r in map(_flat, records) if not r.get("deleted")]


def _sorted_photos(photos: list[dict]) -> list[dict]:
    # Taken order reads naturally; the id breaks ties so two renderings are identical.
    return sorted(photos, key=lambda p: (p.get("taken_at") or "", p.get("id") or ""))


def _logement_view(logement: dict) -> dict[str, str]:
    ville = " ".join(str(logement.get(k) or "") for k in ("code_postal", "ville")).strip()
    adresse = ", ".join(x for x in (str(logement.get("adresse") or ""), ville) if x)
    return {
        "numero": str(logement.get("numero") or ""),
        "batiment": str(logement.get("batiment") or ""),
        "residence": str(logement.get("residence") or ""),
        "adresse": adresse,
        "etage": "" if logement.get("etage") is None else str(logement.get("etage")),
        "typologie": str(logement.get("typologie") or ""),
    }


def _compteur_view(compteur: dict, photos_by_id: dict, images: _ImageCache) -> dict:
    photo = photos_by_id.get(compteur.get("photo_id"))
    if compteur.get("photo_id") and photo is None:
        # The record names a photo the server never received.
        photo = {"sha256": None, "caption": ""}
    return {
        "type": COMPTEUR_LABELS.get(compteur.get("type"), compteur.get("type") or ""),
        "numero": compteur.get("numero") or "",
        "index": format_index(compteur.get("index")),
        "photo": _photo_view(photo, images, "") if photo else None,
    }


def _pieces(elements: list[dict], photos: list[dict], images: _ImageCache) -> list[dict]:
    """Rooms in the order of their first element, each with its elements and photos."""
    photos_by_element: dict[str, list[dict]] = {}
    for photo in photos:
        if photo.get("owner_entity") == "edl_element":
            photos_by_element.setdefault(photo.get("owner_record"), []).append(photo)
    pieces: dict[str, dict] = {}
    for element in sorted(elements, key=lambda e: (e.get("ordre") or 0, e.get("id") or "")):
        name = element.get("piece") or "Sans pièce"
        piece = pieces.setdefault(name, {"nom": name, "elements": [], "photos": []})
        label = element.get("element") or ""
        piece["elements"].append(
            {
                "element": label,
                "grille": element.get("grille_element") or "",
                "etat": ETAT_LABELS.get(element.get("etat"), "—"),
                "etat_code": element.get("etat") or "",
                "marques": [MARK_LABELS[m] for m in MARK_LABELS if element.get(m)],
                "observations": element.get("observations") or "",
            }
        )
        for photo in photos_by_element.get(element.get("id"), []):
            piece["photos"].append(_photo_view(photo, images, label))
    return list(pieces.values())


def _photo_view(photo: dict, images: _ImageCache, element: str) -> dict:
    caption = " — ".join(x for x in (element, photo.get("caption") or "") if x)
    return {"src": images.data_uri(photo.get("sha256")), "legende": caption}


def _signature_view(signature: dict, images: _ImageCache) -> dict:
    return {
        "role": ROLE_LABELS.get(signature.get("role"), signature.get("role") or ""),
        "nom": signature.get("nom") or "",
        "date": format_datetime(signature.get("signed_at")),
        "src": images.data_uri(signature.get("image_sha256")),
    }


class _ImageCache:
    """Thumbnail bytes as data: URIs, each fetched once per document."""

    def __init__(self, thumbnail: Thumbnail) -> None:
        self._thumbnail = thumbnail
        self._uris: dict[str, str | None] = {}

    def data_uri(self, sha256: str | None) -> str | None:
        if not sha256:
            return None
        if sha256 not in self._uris:
            data = self._thumbnail(sha256)
            mime = _mime(data) if data else None
            self._uris[sha256] = (
                f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}" if mime else None
            )
        return self._uris[sha256]


def _mime(data: bytes) -> str | None:
    """The image type from its magic bytes; None for anything we would not embed."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None
