"""The protocol's message shapes and their validation (not entity values: the server does those)."""

from __future__ import annotations

import json
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
# The same shapes as JSON-Schema patterns, for the OpenAPI document.
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
HLC_PATTERN = r"^[0-9]{15}-[0-9]{5}-[A-Za-z0-9_-]{1,64}$"
# What the ledger keeps of a rejected mutation's raw fields.
EXCERPT_VALUE_CHARS = 2000
EXCERPT_TOTAL_BYTES = 16 * 1024
EXCERPT_OMITTED = "_omis"

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


def parse_pull_args(args: Mapping[str, str], key: bytes) -> tuple[Cursor | None, int]:
    """The cursor (None for a first pull; signed with `key`) and page size of a pull's query."""
    raw_cursor = args.get("cursor")
    cursor = decode_cursor(raw_cursor, key) if raw_cursor else None
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


def _preview(value: Any, depth: int = 0) -> str:
    """A short text of a nested value; never recurses more than three levels."""
    if isinstance(value, list):
        if depth >= 2 or not value:
            return f"[… {len(value)} élément(s)]" if value else "[]"
        inner = ", ".join(_preview(item, depth + 1) for item in value[:5])
        return f"[{inner}{', …' if len(value) > 5 else ''}]"
    if isinstance(value, dict):
        if depth >= 2 or not value:
            return f"{{… {len(value)} clé(s)}}" if value else "{}"
        items = list(value.items())[:5]
        inner = ", ".join(f"{str(k)[:64]!r}: {_preview(v, depth + 1)}" for k, v in items)
        return f"{{{inner}{', …' if len(value) > 5 else ''}}}"
    if isinstance(value, str):
        return repr(value[:100])
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
        return str(value)[:40]
    return repr(value)[:100]


def _clip(text: str) -> str:
    return text if len(text) <= EXCERPT_VALUE_CHARS else text[: EXCERPT_VALUE_CHARS - 1] + "…"


def _excerpt_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | float):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**63 else _preview(value)
    if isinstance(value, str):
        return _clip(value)
    return _clip(_preview(value))


def _json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def fields_excerpt(fields: Mapping[Any, Any]) -> dict[str, Any]:
    """A bounded copy of a mutation's raw fields, kept with a rejected mutation.

    Each text is cut at 2 000 characters, nested lists and objects become a short text, and the
    whole stays under 16 KiB of JSON; how many fields were left out is noted under "_omis".
    """
    out: dict[str, Any] = {}
    budget = EXCERPT_TOTAL_BYTES - 64  # room for the "_omis" note and the braces
    omitted = 0
    for raw_name, raw_value in fields.items():
        name = _clip(str(raw_name))[:MAX_NAME_LENGTH]
        value = _excerpt_value(raw_value)
        size = _json_size(name) + _json_size(value) + 2
        if size > budget or name in out:
            omitted += 1
            continue
        out[name] = value
        budget -= size
    if omitted:
        out[EXCERPT_OMITTED] = omitted
    return out
