"""The troubles family's push rules (server/engine/driver.py runs them as the family's hooks).

- an entretien is refused unless the data-protection notice was given (`information_donnee`);
- an attestation is refused without the legal warning (`mention_legale`), and is signed like an
  addendum: a signature over other content is refused (`empreinte_invalide`), the témoin's
  signature of the current content makes it `signe`, and it is then frozen (`document_signe`);
- a démarche of type cloture or contentieux closes its dossier (`etat` 'clos', `cloture` set);
- a fait names a dossier the writer may read, and does not end before it began.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from server.documents.signing import BatchView, RecordView
from server.engine import visibility  # a module: server.engine.visibility imports the families
from sync.attestation import canonical_attestation
from sync.canonical import canonical_json, content_hash

DOSSIER = "dossier_trouble"
FAIT = "fait"
ENTRETIEN = "entretien"
DEMARCHE = "demarche"
ATTESTATION = "attestation_temoin"
PHOTO = "photo"
SIGNATURE = "signature"
SIGNED = "signe"
CLOSING_TYPES = frozenset({"cloture", "contentieux"})
ENTITIES = frozenset({FAIT, ENTRETIEN, DEMARCHE, ATTESTATION, PHOTO, SIGNATURE})

INFORMATION_NON_DONNEE = (
    "information_non_donnee",
    "La notice d'information sur les données personnelles doit être remise à la personne "
    "entendue : cochez « Notice d'information remise ».",
)
MENTION_LEGALE_ABSENTE = (
    "mention_legale_absente",
    "Le témoin doit être informé que l'attestation est destinée à la justice et qu'une fausse "
    "attestation l'expose à des sanctions pénales (art. 441-7 du Code pénal) : cochez la "
    "mention légale.",
)
ATTESTATION_SIGNEE = (
    "document_signe",
    "Cette attestation est signée : elle ne peut plus être modifiée. "
    "Pour la corriger, faites établir une nouvelle attestation.",
)
ATTESTATION_EMPREINTE_INVALIDE = (
    "empreinte_invalide",
    "La signature porte sur un autre contenu que l'attestation enregistrée (elle a changé "
    "entre-temps) : faites relire l'attestation au témoin et signer à nouveau.",
)
DOSSIER_INCONNU = ("unknown_reference", "Dossier de troubles inconnu.")
FIN_AVANT_DEBUT = ("validation_error", "La fin du fait ne peut pas précéder son début.")
ISSUE_HORS_CLOTURE = ("validation_error", "L'issue ne se renseigne que pour une clôture.")
ISSUE_MANQUANTE = (
    "validation_error",
    "Précisez l'issue de la clôture : résolu ou sans suite.",
)


def _live(view: RecordView, entity: str, record_id: Any) -> dict[str, Any] | None:
    if not isinstance(record_id, str):
        return None
    found = view.get(entity, record_id)
    return found["fields"] if found is not None and not found["deleted"] else None


def attestation_canonical_of(view: RecordView, attestation_id: str) -> tuple[str, str]:
    """The canonical text of an attestation as the view holds it, and its content hash."""
    attestation = view.get(ATTESTATION, attestation_id)
    if attestation is None:
        raise KeyError(attestation_id)
    photos = view.where(PHOTO, "owner_record", [attestation_id])
    text = canonical_json(canonical_attestation(attestation, photos))
    return text, content_hash(text)


def _instant(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _ends_before_start(fields: dict[str, Any]) -> bool:
    start, end = _instant(fields.get("survenu_le")), _instant(fields.get("fin_le"))
    if start is None or end is None or fields.get("fin_le") is None:
        return False
    try:
        return end < start
    except TypeError:  # one with an offset, one without: compare as written
        return str(fields["fin_le"]) < str(fields["survenu_le"])


def _dossier_problem(batch: Any, view: RecordView, dossier_id: Any) -> tuple[str, str] | None:
    """A fait may name only a dossier its writer can read: live and inside the scope."""
    if visibility.rule_for(batch.actor.role, DOSSIER).everything:
        return DOSSIER_INCONNU  # a gardien never learns whether a dossier exists
    if _live(view, DOSSIER, dossier_id) is None:
        return DOSSIER_INCONNU
    scope = batch.actor.scope
    state = batch.slots.get((DOSSIER, dossier_id))
    if scope is not None and (state is None or state.residence_id not in scope):
        return DOSSIER_INCONNU
    return None


def _signed_attestations(view: RecordView, fields: dict[str, Any]) -> bool:
    if fields.get("owner_entity") != ATTESTATION:
        return False
    attestation = _live(view, ATTESTATION, fields.get("owner_record"))
    return attestation is not None and attestation.get("statut") == SIGNED


def _check_document(
    view: RecordView, name: str, item: Any, stored: dict[str, Any], merged: dict[str, Any]
) -> tuple[str, str] | None:
    """The attestation's signing rules, for the attestation, its photos and its signatures."""
    if name == ATTESTATION:
        if stored.get("statut") == SIGNED:
            return ATTESTATION_SIGNEE
        if item.op == "upsert" and merged.get("mention_legale") is not True:
            return MENTION_LEGALE_ABSENTE
        return None
    if name == SIGNATURE and item.op == "upsert" and not stored:
        if merged.get("owner_entity") != ATTESTATION:
            return None
        attestation_id = merged.get("owner_record")
        if _live(view, ATTESTATION, attestation_id) is None:
            return None  # the engine's parent check answers
        _text, current = attestation_canonical_of(view, attestation_id)
        if item.fields.get("content_hash") != current:
            return ATTESTATION_EMPREINTE_INVALIDE
        return None
    if _signed_attestations(view, stored) or _signed_attestations(view, merged):
        return ATTESTATION_SIGNEE
    return None


def check_troubles_mutation(
    batch: Any, entity: Any, item: Any, slot: Any
) -> tuple[str, str] | None:
    """Refuse what the troubles family forbids (see the module's docstring)."""
    name = entity.name
    if name not in ENTITIES:
        return None
    if (
        batch.actor.is_server
        and item.op == "upsert"
        and item.fields.keys() <= set(entity.server_fields)
    ):
        return None  # the back office reviews a record without changing it
    view = BatchView(batch)
    stored = slot.state.fields if slot is not None and slot.state is not None else {}
    merged = {**stored, **item.fields}
    if name in (ATTESTATION, PHOTO, SIGNATURE):
        return _check_document(view, name, item, stored, merged)
    if item.op != "upsert":
        return None
    if name == FAIT:
        dossier_id = item.fields.get("dossier_id")
        if dossier_id is not None:
            problem = _dossier_problem(batch, view, dossier_id)
            if problem is not None:
                return problem
        return FIN_AVANT_DEBUT if _ends_before_start(merged) else None
    if name == ENTRETIEN:
        return None if merged.get("information_donnee") is True else INFORMATION_NON_DONNEE
    if merged.get("type") == "cloture":  # a démarche
        return None if merged.get("issue") is not None else ISSUE_MANQUANTE
    return ISSUE_HORS_CLOTURE if merged.get("issue") is not None else None


def _close_dossier(batch: Any, item: Any) -> None:
    demarche = batch.record(DEMARCHE, item.record)
    if demarche is None or demarche.fields.get("type") not in CLOSING_TYPES:
        return
    dossier_id = demarche.fields.get("dossier_id")
    dossier = _live(BatchView(batch), DOSSIER, dossier_id)
    if dossier is None or dossier.get("etat") == "clos":
        return
    kind = demarche.fields.get("type")
    cloture = demarche.fields.get("issue") if kind == "cloture" else "contentieux"
    batch.server_update(DOSSIER, dossier_id, {"etat": "clos", "cloture": cloture})


def _sign_attestation(batch: Any, item: Any) -> None:
    signature = batch.record(SIGNATURE, item.record)
    if signature is None or signature.fields.get("owner_entity") != ATTESTATION:
        return
    view = BatchView(batch)
    attestation_id = signature.fields.get("owner_record")
    attestation = _live(view, ATTESTATION, attestation_id)
    if attestation is None or attestation.get("statut") == SIGNED:
        return
    _text, current = attestation_canonical_of(view, attestation_id)
    signers = {
        s["fields"].get("role")
        for s in view.where(SIGNATURE, "owner_record", [attestation_id])
        if not s["deleted"]
        and s["fields"].get("owner_entity") == ATTESTATION
        and s["fields"].get("content_hash") == current
    }
    if "temoin" in signers:
        batch.server_update(
            ATTESTATION, attestation_id, {"statut": SIGNED, "content_hash": current}
        )


def after_troubles_apply(batch: Any, entity: Any, item: Any) -> None:
    """Close a dossier on a closing démarche; mark an attestation signed by its témoin."""
    if item.op != "upsert":
        return
    if entity.name == DEMARCHE:
        _close_dossier(batch, item)
    elif entity.name == SIGNATURE:
        _sign_attestation(batch, item)
