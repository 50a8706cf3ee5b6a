"""The data-subject export: `donnees.json` and `donnees.pdf` in one ZIP.

`document` is pure: collected records and a `Redactor` in, the JSON document out (a header —
the person, when, by whom, counts per family, masks — then the records per family and entity,
field names as stored, third parties masked). `build_export` reads the database.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from server.documents.troubles_records import logement_label
from server.families.registry import REGISTRY
from server.privacy.collect import Collected, Subject, collect
from server.privacy.pdf import render_pdf
from server.privacy.redaction import Redactor
from server.privacy.search import known_names, staff_names

JSON_NAME = "donnees.json"
PDF_NAME = "donnees.pdf"
DOCUMENT = "Droit d'accès (RGPD, article 15) : données conservées dans Palier"


@dataclass(frozen=True)
class SubjectExport:
    """A built export: the ZIP's bytes and what the audit log records of it."""

    data: bytes
    counts: dict[str, int]
    masks: int


def _choices(entity: str) -> tuple[str, ...]:
    declared = REGISTRY.get(entity)
    labels = declared.labels if declared is not None else None
    return tuple(labels.choices) if labels is not None else ()


def document(
    collected: Collected, redactor: Redactor, generated_by: str, now: datetime
) -> dict[str, Any]:
    """The JSON document of an export, every text redacted by `redactor`."""
    families = {
        family: {
            entity: [redactor.record(entity, row, _choices(entity)) for row in found]
            # photos last: they belong to the records above them
            for entity, found in sorted(entities.items(), key=lambda e: e[0] == "photo")
        }
        for family, entities in collected.families.items()
    }
    return {
        "document": DOCUMENT,
        "person": collected.subject.header(),
        "generated_at": now.isoformat(),
        "generated_by": generated_by,
        "counts": collected.counts(),
        "masks": redactor.masks,
        "troubles_roles": collected.roles,
        "families": families,
    }


def to_json(doc: dict[str, Any]) -> str:
    """The document as indented UTF-8 JSON text."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def zip_of(json_text: str, pdf: bytes) -> bytes:
    """The ZIP holding donnees.json and donnees.pdf."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, json_text.encode("utf-8"))
        archive.writestr(PDF_NAME, pdf)
    return buffer.getvalue()


def _logement_ids(doc: dict[str, Any]) -> set[str]:
    return {
        row["logement_id"]
        for entities in doc["families"].values()
        for found in entities.values()
        for row in found
        if row.get("logement_id")
    }


def build_export(subject: Subject, generated_by: str, now: datetime) -> SubjectExport:
    """Collect, redact and write the export of one person."""
    collected = collect(subject)
    redactor = Redactor(subject.name, known_names(), staff_names(), subject.locataire_id)
    doc = document(collected, redactor, generated_by, now)
    pdf = render_pdf(doc, {i: logement_label(i) for i in _logement_ids(doc)})
    return SubjectExport(zip_of(to_json(doc), pdf), doc["counts"], doc["masks"])
