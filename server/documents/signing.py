"""Signing an état des lieux and its addenda (DESIGN.md §9, docs/canonical.md): the server's side.

The content hash is computed over the records as they stand, either stored (the canonical
endpoint, the PDF) or stored with a push's pending changes on top (`BatchView`, during a push).
The families' hooks refuse a signature over other content and any change to a signed document,
and mark the document signed once the locataire and the bailleur have signed; an addendum is
also refused outside its window (server/documents/addenda.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import select

from server.documents.addenda import debut_chauffe, window_problem
from server.engine.values import jsonable
from server.extensions import db
from server.families.registry import REGISTRY
from sync.canonical import (
    canonical_addendum,
    canonical_document,
    canonical_json,
    content_hash,
)

EDL = "etat_des_lieux"
ELEMENT = "edl_element"
ADDENDUM = "edl_addendum"
PHOTO = "photo"
SIGNATURE = "signature"
SIGNED = "signe"
REQUIRED_SIGNERS = frozenset({"locataire", "bailleur"})
DOCUMENT_SIGNE = (
    "document_signe",
    "Cet état des lieux est signé : il ne peut plus être modifié. "
    "Pour le compléter, ajoutez un addendum daté et signé.",
)
EMPREINTE_INVALIDE = (
    "empreinte_invalide",
    "La signature porte sur un autre contenu que l'état des lieux enregistré (il a changé "
    "entre-temps) : relisez le document et faites signer à nouveau.",
)

ADDENDUM_SIGNE = (
    "document_signe",
    "Cet addendum est signé : il ne peut plus être modifié. "
    "Pour ajouter autre chose, créez un nouvel addendum (dans les délais).",
)
ADDENDUM_EMPREINTE_INVALIDE = (
    "empreinte_invalide",
    "La signature porte sur un autre contenu que l'addendum enregistré (il a changé "
    "entre-temps) : relisez l'addendum et faites signer à nouveau.",
)
# an addendum's window is judged again when one of these changes
WINDOW_FIELDS = frozenset({"edl_id", "type", "redige_le"})

Pulled = dict[str, Any]  # {"record", "deleted", "fields"}, as the pull delivers a record


class RecordView(Protocol):
    """Records by id or by a field's value, as pull-shaped dicts (deleted ones included)."""

    def get(self, entity: str, record_id: str) -> Pulled | None: ...

    def where(self, entity: str, field: str, values: Iterable[str]) -> list[Pulled]: ...


def _pulled(entity: str, record: Any) -> Pulled:
    declared = REGISTRY[entity]
    names = declared.writable + declared.server_fields
    fields = {name: jsonable(getattr(record, name)) for name in names}
    return {"record": record.id, "deleted": record.deleted, "fields": fields}


class StoredView:
    """The records as stored, in the current transaction."""

    def get(self, entity: str, record_id: str) -> Pulled | None:
        """One record, or None."""
        record = db.session.get(REGISTRY[entity].model, record_id)
        return _pulled(entity, record) if record is not None else None

    def where(self, entity: str, field: str, values: Iterable[str]) -> list[Pulled]:
        """The records whose `field` holds one of `values`."""
        model = REGISTRY[entity].model
        rows = db.session.execute(select(model).where(getattr(model, field).in_(list(values))))
        return [_pulled(entity, record) for record in rows.scalars()]


class BatchView:
    """The records as a push leaves them so far: stored, with its applied mutations on top."""

    def __init__(self, batch: Any) -> None:
        self.batch = batch

    def get(self, entity: str, record_id: str) -> Pulled | None:
        """One record, or None."""
        state = self.batch.record(entity, record_id)
        if state is None:
            return None
        return {"record": record_id, "deleted": state.deleted, "fields": state.fields}

    def where(self, entity: str, field: str, values: Iterable[str]) -> list[Pulled]:
        """The records whose `field` holds one of `values`."""
        found = self.batch.records_where(entity, field, list(values))
        return [
            {"record": record_id, "deleted": state.deleted, "fields": state.fields}
            for record_id, state in sorted(found.items())
        ]


def document_records(view: RecordView, edl_id: str) -> tuple[Pulled, list[Pulled], list[Pulled]]:
    """The EDL, its elements and the photos of both (KeyError when the EDL is unknown)."""
    edl = view.get(EDL, edl_id)
    if edl is None:
        raise KeyError(edl_id)
    elements = view.where(ELEMENT, "edl_id", [edl_id])
    owners = [edl_id, *(e["record"] for e in elements)]
    photos = view.where(PHOTO, "owner_record", owners)
    return edl, elements, photos


def canonical_of(view: RecordView, edl_id: str) -> tuple[str, str]:
    """The canonical text of an EDL as the view holds it, and its content hash."""
    text = canonical_json(canonical_document(*document_records(view, edl_id)))
    return text, content_hash(text)


def _live_fields(view: RecordView, entity: str, record_id: Any) -> dict[str, Any] | None:
    if not isinstance(record_id, str):
        return None
    found = view.get(entity, record_id)
    return found["fields"] if found is not None and not found["deleted"] else None


def _is_signed(view: RecordView, edl_id: Any) -> bool:
    fields = _live_fields(view, EDL, edl_id)
    return fields is not None and fields.get("statut") == SIGNED


def _documents_touched(view: RecordView, entity: str, fields: dict[str, Any]) -> list[Any]:
    """The EDLs whose signed content a change of this record (old or new fields) touches."""
    if entity == ELEMENT:
        return [fields.get("edl_id")]
    owner_entity, owner = fields.get("owner_entity"), fields.get("owner_record")
    if entity == PHOTO and owner_entity == ELEMENT:
        element = _live_fields(view, ELEMENT, owner)
        return [element.get("edl_id")] if element else []
    if owner_entity == EDL:  # a photo of the EDL, or a signature
        return [owner]
    return []


def check_mutation(batch: Any, entity: Any, item: Any, slot: Any) -> tuple[str, str] | None:
    """Refuse a change to a signed EDL, and a signature over other content than the stored one."""
    name = entity.name
    if name not in (EDL, ELEMENT, PHOTO, SIGNATURE):
        return None
    if (
        batch.actor.is_server
        and item.op == "upsert"
        and item.fields.keys() <= set(entity.server_fields)
    ):
        return None  # the back office reviews a signed document without changing it
    view = BatchView(batch)
    stored = slot.state.fields if slot is not None and slot.state is not None else {}
    if name == EDL:
        return DOCUMENT_SIGNE if stored.get("statut") == SIGNED else None
    merged = {**stored, **item.fields}
    edl_ids = _documents_touched(view, name, stored) + _documents_touched(view, name, merged)
    if name == SIGNATURE and item.op == "upsert" and not stored:
        edl_id = merged.get("owner_record")
        if merged.get("owner_entity") != EDL or _live_fields(view, EDL, edl_id) is None:
            return None  # the engine's parent check answers
        _text, current = canonical_of(view, edl_id)
        return None if item.fields.get("content_hash") == current else EMPREINTE_INVALIDE
    if any(_is_signed(view, edl_id) for edl_id in edl_ids):
        return DOCUMENT_SIGNE
    return None


def after_apply(batch: Any, entity: Any, item: Any) -> None:
    """Once the locataire and the bailleur signed the current content, the EDL is signed."""
    if entity.name != SIGNATURE or item.op != "upsert":
        return
    view = BatchView(batch)
    signature = batch.record(SIGNATURE, item.record)
    if signature is None or signature.fields.get("owner_entity") != EDL:
        return
    edl_id = signature.fields.get("owner_record")
    edl = _live_fields(view, EDL, edl_id)
    if edl is None or edl.get("statut") == SIGNED:
        return
    _text, current = canonical_of(view, edl_id)
    if _signers(view, EDL, edl_id, current) >= REQUIRED_SIGNERS:
        batch.server_update(EDL, edl_id, {"statut": SIGNED, "content_hash": current})


def addendum_records(view: RecordView, addendum_id: str) -> tuple[Pulled, list[Pulled]]:
    """An addendum and its photos (KeyError when the addendum is unknown)."""
    addendum = view.get(ADDENDUM, addendum_id)
    if addendum is None:
        raise KeyError(addendum_id)
    return addendum, view.where(PHOTO, "owner_record", [addendum_id])


def addendum_canonical_of(view: RecordView, addendum_id: str) -> tuple[str, str]:
    """The canonical text of an addendum as the view holds it, and its content hash."""
    text = canonical_json(canonical_addendum(*addendum_records(view, addendum_id)))
    return text, content_hash(text)


def _addenda_touched(fields: dict[str, Any]) -> list[Any]:
    """The addenda whose signed content a photo or signature with these fields touches."""
    return [fields.get("owner_record")] if fields.get("owner_entity") == ADDENDUM else []


def _window(view: RecordView, fields: dict[str, Any]) -> tuple[str, str] | None:
    start = debut_chauffe(current_app.config.get("PALIER_DEBUT_CHAUFFE"))
    entree = _live_fields(view, EDL, fields.get("edl_id"))
    return window_problem(entree, fields.get("type"), fields.get("redige_le"), start)


def check_addendum_mutation(
    batch: Any, entity: Any, item: Any, slot: Any
) -> tuple[str, str] | None:
    """Refuse an addendum out of its window, a change to a signed one, and a signature over
    other content than the stored one."""
    name = entity.name
    if name not in (ADDENDUM, PHOTO, SIGNATURE):
        return None
    if (
        batch.actor.is_server
        and item.op == "upsert"
        and item.fields.keys() <= set(entity.server_fields)
    ):
        return None  # the back office reviews a signed addendum without changing it
    view = BatchView(batch)
    stored = slot.state.fields if slot is not None and slot.state is not None else {}
    merged = {**stored, **item.fields}
    if name == ADDENDUM:
        if stored.get("statut") == SIGNED:
            return ADDENDUM_SIGNE
        if item.op == "upsert" and (not stored or WINDOW_FIELDS & item.fields.keys()):
            return _window(view, merged)
        return None
    if name == SIGNATURE and item.op == "upsert" and not stored:
        addendum_id = merged.get("owner_record")
        if merged.get("owner_entity") != ADDENDUM:
            return None  # another document's
        if _live_fields(view, ADDENDUM, addendum_id) is None:
            return None  # the engine's parent check answers
        _text, current = addendum_canonical_of(view, addendum_id)
        return None if item.fields.get("content_hash") == current else ADDENDUM_EMPREINTE_INVALIDE
    touched = _addenda_touched(stored) + _addenda_touched(merged)
    for addendum_id in touched:
        fields = _live_fields(view, ADDENDUM, addendum_id)
        if fields is not None and fields.get("statut") == SIGNED:
            return ADDENDUM_SIGNE
    return None


def after_addendum_apply(batch: Any, entity: Any, item: Any) -> None:
    """Once the locataire and the bailleur signed an addendum's current content, it is signed."""
    if entity.name != SIGNATURE or item.op != "upsert":
        return
    signature = batch.record(SIGNATURE, item.record)
    if signature is None or signature.fields.get("owner_entity") != ADDENDUM:
        return
    view = BatchView(batch)
    addendum_id = signature.fields.get("owner_record")
    addendum = _live_fields(view, ADDENDUM, addendum_id)
    if addendum is None or addendum.get("statut") == SIGNED:
        return
    _text, current = addendum_canonical_of(view, addendum_id)
    if _signers(view, ADDENDUM, addendum_id, current) >= REQUIRED_SIGNERS:
        batch.server_update(ADDENDUM, addendum_id, {"statut": SIGNED, "content_hash": current})


def _signers(view: RecordView, owner_entity: str, owner: str, digest: str) -> set[Any]:
    """The roles of the live signatures of a document over this content hash."""
    return {
        s["fields"].get("role")
        for s in view.where(SIGNATURE, "owner_record", [owner])
        if not s["deleted"]
        and s["fields"].get("owner_entity") == owner_entity
        and s["fields"].get("content_hash") == digest
    }
