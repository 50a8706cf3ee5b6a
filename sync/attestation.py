"""The signed content of a witness statement (attestation_temoin): docs/canonical.md § 3 bis,
applied with the key "attestation". Pure: the tablet's JS and the server compute the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sync.canonical import CanonicalError, canonical_json, signed_fields

ATTESTATION_ENTITY = "attestation_temoin"


def _utf16_key(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")


def canonical_attestation(
    attestation: Mapping[str, Any], photos: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """The signed content of an attestation and its photos (the ID copy), pull-shaped records."""
    record = attestation.get("record")
    fields = attestation.get("fields")
    if not isinstance(record, str) or not record or not isinstance(fields, Mapping):
        raise CanonicalError("invalid_document", "a record without its id or fields")
    if attestation.get("deleted") is True or attestation.get("removed") is True:
        raise CanonicalError("invalid_document", "a deleted attestation has no content")
    shown = []
    for item in photos:
        photo = item.get("fields")
        if not isinstance(photo, Mapping) or item.get("deleted") is True:
            continue
        if item.get("removed") is True:
            continue
        if (photo.get("owner_entity"), photo.get("owner_record")) != (ATTESTATION_ENTITY, record):
            continue
        sha256 = photo.get("sha256")
        if not isinstance(sha256, str):
            raise CanonicalError("invalid_document", "a photo without its sha256")
        shown.append({"owner": record, "sha256": sha256})
    shown.sort(key=lambda p: _utf16_key(p["sha256"]))
    return {"attestation": {"id": record, "fields": signed_fields(fields)}, "photos": shown}


def canonical_attestation_text(
    attestation: Mapping[str, Any], photos: Iterable[Mapping[str, Any]]
) -> str:
    """The canonical text of an attestation (what is hashed and signed)."""
    return canonical_json(canonical_attestation(attestation, photos))
