"""The export's readable PDF: a cover (the person, the date, what the document is), then one
section per family, each record with its fields' French labels and its photos by caption.

`export_view` is pure (redacted records in, plain dicts out); `render_html` goes through an
autoescaped Jinja template (every value was typed by people: printed, never interpreted);
`render_pdf` hands it to WeasyPrint, which may fetch nothing but data: URIs.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import HTML, URLFetcher

from server.families.troubles_labels import ROLE_LABELS
from server.privacy import labels as lb
from server.privacy.collect import FAMILIES

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE = "documents/subject_export.html"
_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _title(entity: str, record: Mapping[str, Any]) -> str:
    singular, _plural = lb.entity_titles(entity)
    kind = record.get("type") or record.get("role") or record.get("sens")
    kind_text = (
        lb.choices(entity)
        .get("type" if "type" in record else "role" if "role" in record else "sens", {})
        .get(kind or "", "")
    )
    for key in ("date_edl", "date", "survenu_le", "signalee_le", "heure", "debut", "realisee_le"):
        if record.get(key):
            when = lb.moment_text(record[key])
            return f"{singular}{f' ({kind_text})' if kind_text else ''} — {when}"
    return f"{singular}{f' ({kind_text})' if kind_text else ''}"


def _rows(entity: str, record: Mapping[str, Any], logements: Mapping[str, str]) -> list[tuple]:
    labels = lb.field_labels(entity)
    order = [*labels, *(k for k in record if k not in labels)]
    rows = []
    for key in order:
        if key not in record or key in lb.HIDDEN or key == "created_at":
            continue
        if key != "logement_id" and (key.endswith("_id") or key.endswith("_ids")):
            continue
        text = lb.value_text(entity, key, record[key], logements)
        if text and not (key == "deleted" and record[key] is False):
            rows.append((labels.get(key) or lb.COMMON_FIELDS.get(key, key), text))
    rows.append((lb.COMMON_FIELDS["created_at"], lb.moment_text(record.get("created_at"))))
    return rows


def _record(
    entity: str, record: Mapping[str, Any], photos: list[dict], view: Mapping[str, Any]
) -> dict[str, Any]:
    rows = _rows(entity, record, view["logements"])
    roles = view["roles"].get(record["id"]) if entity == "dossier_trouble" else None
    if roles:
        quality = ", ".join(ROLE_LABELS.get(x, x) for x in roles)
        rows.insert(0, ("Qualité de la personne dans ce dossier", quality))
    captions = [
        (p.get("caption") or "Photo sans légende", lb.moment_text(p.get("taken_at")))
        for p in photos
        if p.get("owner_record") == record["id"]
    ]
    return {"title": _title(entity, record), "rows": rows, "photos": captions}


def export_view(document: Mapping[str, Any], logements: Mapping[str, str]) -> dict[str, Any]:
    """What the PDF shows of an export's JSON document (redacted), family by family."""
    view = {"logements": logements, "roles": document.get("troubles_roles", {})}
    sections = []
    for key, title in FAMILIES.items():
        entities = document["families"].get(key)
        if not entities:
            continue
        photos = entities.get("photo", [])
        parts = []
        for entity, found in entities.items():
            if entity == "photo" or not found:
                continue
            parts.append(
                {
                    "title": lb.entity_titles(entity)[1],
                    "records": [_record(entity, x, photos, view) for x in found],
                }
            )
        sections.append({"title": title, "count": document["counts"].get(key, 0), "parts": parts})
    person = document["person"]
    return {
        "person": " ".join(x for x in (person.get("prenom"), person.get("nom")) if x),
        "code": person.get("code") or "",
        "le": lb.moment_text(document["generated_at"]),
        "par": document["generated_by"],
        "masks": document["masks"],
        "sections": sections,
    }


def render_html(document: Mapping[str, Any], logements: Mapping[str, str]) -> str:
    """The export's HTML."""
    return _ENV.get_template(TEMPLATE).render(**export_view(document, logements))


def render_pdf(document: Mapping[str, Any], logements: Mapping[str, str]) -> bytes:
    """The export's PDF."""
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)
    html = HTML(
        string=render_html(document, logements), base_url=str(TEMPLATES), url_fetcher=fetcher
    )
    return html.write_pdf()
