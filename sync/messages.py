"""The protocol's message shapes and their validation (not entity values: the server does those)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sync.cursor import Cursor, decode_cursor
from sync.errors import ProtocolError
from sync.hlc import is_valid_remote_hlc

SCHEMA_VERSION = 1
MIN_SCHEMA_VERSION = 1
MAX_MUTATIONS = 500
MAX_PULL_LIMIT = 5000
DEFAULT_PULL_LIMIT = 1000
MAX_SEQ = 2**63 - 1
MAX_NAME_LENGTH = 64

_UUID_RE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE
)
_ENTITY_RE = re.compile(r"[a-z_]{1,64}")
_REQUIRED = ("seq", "id", "entity", "record", "op", "base", "hlc")
_KEYS_WITHOUT_FIELDS = frozenset(_REQUIRED)
_KEYS = _KEYS_WITHOUT_FIELDS | {"fields"}
# Stand-ins for missing keys, so that a missing key is reported once, as missing.
_PLACEHOLDER_UUID = "00000000-0000-0000-0000-000000000000"
_PLACEHOLDER_HLC = "000000000000000-00000-x"

MSG_BODY = "Requête de synchronisation invalide."
MSG_UPGRADE = (
    "Cette version de l'application est trop ancienne pour se synchroniser : mettez-la à jour."
)
MSG_UNSUPPORTED = "Le serveur ne connaît pas cette version du protocole de synchronisation."
MSG_TOO_MANY = f"Trop de modifications dans un seul envoi ({MAX_MUTATIONS} au maximum)."
MSG_MUTATION = "Modification mal formée."
MSG_SEQUENCE = "Les modifications de l'envoi ne se suivent pas."
MSG_LIMIT = f"Limite invalide : un entier entre 1 et {MAX_PULL_LIMIT} est attendu."

F_REQUIRED = "Champ obligatoire."
F_UNKNOWN = "Champ inconnu."
F_OBJECT = "Objet attendu."
F_LIST = "Liste attendue."
F_INTEGER = "Entier attendu."
F_SEQ = "Entier supérieur ou égal à 1 attendu."
F_UUID = "Identifiant UUID attendu."
F_DUPLICATE_ID = "Identifiant déjà utilisé dans cet envoi."
F_ENTITY = "Nom d'entité invalide : lettres minuscules et « _ » seulement."
F_OP = "Opération attendue : « upsert » ou « delete »."
F_BASE = "Version attendue : entier positif ou nul, ou null."
F_HLC = "Horloge de synchronisation invalide."
F_FIELD_NAMES = "Noms de champ invalides : texte de 1 à 64 caractères, sans « _ » initial."
F_DELETE_FIELDS = "Une suppression ne modifie aucun champ."


@dataclass(slots=True, frozen=True)
class PushMutation:
    """One mutation of a push, its shape checked; `id` and `record` in lowercase.

    The server also wraps its own (back-office) edits in this shape, with no `seq`.
    """

    seq: int | None
    id: str
    entity: str
    record: str
    op: str
    base: int | None
    hlc: str
    fields: dict[str, Any]


@dataclass(slots=True, frozen=True)
class PushRequest:
    """A push body, its shape checked."""

    schema: int
    mutations: list[PushMutation]


@dataclass(slots=True, frozen=True)
class MutationResult:
    """The outcome of one pushed mutation, as reported to the device."""

    seq: int
    status: str
    version: int | None
    errors: dict[str, list[str]] | None = None
    conflicts: list[Any] | None = None
    code: str | None = None
    message: str | None = None


def _valid_field_names(fields: dict[Any, Any]) -> bool:
    for name in fields:
        if type(name) is not str or not 0 < len(name) <= MAX_NAME_LENGTH or name[0] == "_":
            return False
    return True


def _mutation_errors(raw: dict[str, Any]) -> dict[str, str]:
    """Key → French message for each malformed key of one mutation."""
    errors: dict[str, str] = {}
    keys = raw.keys()
    if keys != _KEYS and keys != _KEYS_WITHOUT_FIELDS:
        errors.update((key, F_REQUIRED) for key in _REQUIRED if key not in raw)
        errors.update((key, F_UNKNOWN) for key in raw if key not in _KEYS)
    get = raw.get
    seq = get("seq", 1)
    if type(seq) is not int or not 1 <= seq <= MAX_SEQ:
        errors["seq"] = F_SEQ
    for key in ("id", "record"):
        value = get(key, _PLACEHOLDER_UUID)
        if type(value) is not str or _UUID_RE.fullmatch(value) is None:
            errors[key] = F_UUID
    entity = get("entity", "x")
    if type(entity) is not str or _ENTITY_RE.fullmatch(entity) is None:
        errors["entity"] = F_ENTITY
    op = get("op", "upsert")
    if op != "upsert" and op != "delete":
        errors["op"] = F_OP
    base = get("base")
    if base is not None and (type(base) is not int or not 0 <= base <= MAX_SEQ):
        errors["base"] = F_BASE
    if not is_valid_remote_hlc(get("hlc", _PLACEHOLDER_HLC)):
        errors["hlc"] = F_HLC
    fields = get("fields")
    if fields is None:
        if op == "upsert":
            errors["fields"] = F_REQUIRED
    elif type(fields) is not dict:
        errors["fields"] = F_OBJECT
    elif not _valid_field_names(fields):
        errors["fields"] = F_FIELD_NAMES
    elif op == "delete" and fields:
        errors["fields"] = F_DELETE_FIELDS
    return errors


def parse_push(body: Any) -> PushRequest:
    """Check the shape of a push body; ProtocolError naming each fault otherwise."""
    if type(body) is not dict or "schema" not in body or "mutations" not in body:
        raise ProtocolError("invalid_body", MSG_BODY)
    schema = body["schema"]
    if type(schema) is not int:
        raise ProtocolError("invalid_body", MSG_BODY, {"schema": [F_INTEGER]})
    if schema < MIN_SCHEMA_VERSION:
        raise ProtocolError("upgrade_required", MSG_UPGRADE, status=426)
    if schema > SCHEMA_VERSION:
        raise ProtocolError("unsupported_schema", MSG_UNSUPPORTED)
    raw_mutations = body["mutations"]
    if type(raw_mutations) is not list:
        raise ProtocolError("invalid_body", MSG_BODY, {"mutations": [F_LIST]})
    if len(raw_mutations) > MAX_MUTATIONS:
        raise ProtocolError("too_many_mutations", MSG_TOO_MANY, status=413)

    errors: dict[str, list[str]] = {}
    mutations: list[PushMutation] = []
    seen_ids: set[str] = set()
    for index, raw in enumerate(raw_mutations):
        if type(raw) is not dict:
            errors[f"mutations.{index}"] = [F_OBJECT]
            continue
        found = _mutation_errors(raw)
        if "id" not in found:
            mutation_id = raw["id"].lower()
            if mutation_id in seen_ids:
                found["id"] = F_DUPLICATE_ID
            seen_ids.add(mutation_id)
        if found:
            for key, message in found.items():
                errors[f"mutations.{index}.{key}"] = [message]
            continue
        mutations.append(
            PushMutation(
                seq=raw["seq"],
                id=raw["id"].lower(),
                entity=raw["entity"],
                record=raw["record"].lower(),
                op=raw["op"],
                base=raw["base"],
                hlc=raw["hlc"],
                fields=raw.get("fields") or {},
            )
        )
    if errors:
        raise ProtocolError("invalid_mutation", MSG_MUTATION, errors)
    for index in range(1, len(mutations)):
        expected = mutations[index - 1].seq + 1
        if mutations[index].seq != expected:
            fields = {f"mutations.{index}.seq": [f"Numéro attendu : {expected}."]}
            raise ProtocolError("non_sequential_batch", MSG_SEQUENCE, fields)
    return PushRequest(schema, mutations)


def parse_pull_args(args: Mapping[str, str]) -> tuple[Cursor | None, int]:
    """The cursor (None for a first pull) and page size of a pull's query string."""
    raw_cursor = args.get("cursor")
    cursor = decode_cursor(raw_cursor) if raw_cursor else None
    raw_limit = args.get("limit")
    if raw_limit is None or raw_limit == "":
        return cursor, DEFAULT_PULL_LIMIT
    if type(raw_limit) is int:
        limit = raw_limit
    elif type(raw_limit) is str and len(raw_limit) <= 9 and raw_limit.isascii():
        limit = int(raw_limit) if raw_limit.isdigit() else 0
    else:
        limit = 0
    if not 1 <= limit <= MAX_PULL_LIMIT:
        raise ProtocolError("invalid_limit", MSG_LIMIT, {"limit": [MSG_LIMIT]})
    return cursor, limit


def result_to_json(result: MutationResult) -> dict[str, Any]:
    """A result as the push response lists it: seq, status, version, and the rest when present."""
    out: dict[str, Any] = {"seq": result.seq, "status": result.status, "version": result.version}
    if result.errors:
        out["errors"] = result.errors
    if result.conflicts:
        out["conflicts"] = result.conflicts
    if result.code:
        out["code"] = result.code
    if result.message:
        out["message"] = result.message
    return out
