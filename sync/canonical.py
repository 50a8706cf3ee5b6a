"""The canonical form of a signed document: RFC 8785 (JCS) JSON, the état des lieux and the
addendum it covers.

One specification, docs/canonical.md, implemented here and in pwa/src/lib/canonical.js; both are
held to the same vectors (tests/vectors/canonical.json), byte for byte.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

# Keys of a record's fields that are not signed content: fields the server sets (statut,
# content_hash, review), the derived résidence, and the envelope of a pulled record when a
# caller flattened it into its fields. Keys starting with "_" (`_conflicts`, the device's `_v`)
# are left out too. pwa/src/lib/canonical.js holds the same list; a test compares them.
EXCLUDED_FIELDS: frozenset[str] = frozenset(
    {
        "statut",
        "content_hash",
        "residence_id",
        "review_state",
        "review_comment",
        "id",
        "version",
        "deleted",
        "hlc",
        "updated_hlc",
        "created_by",
        "updated_by",
    }
)
EXCLUDED_PREFIX = "_"

EDL_ENTITY = "etat_des_lieux"
ELEMENT_ENTITY = "edl_element"
ELEMENT_PARENT = "edl_id"
ADDENDUM_ENTITY = "edl_addendum"

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_REPR = re.compile(r"([0-9]+)(?:\.([0-9]+))?(?:e([+-][0-9]+))?")


class CanonicalError(ValueError):
    """A value that has no canonical form; `code` is the same as in the JavaScript version."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def canonical_json(value: Any) -> str:
    """RFC 8785 text of a JSON value (dict, list, str, int, float, bool, None)."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


def content_hash(text: str) -> str:
    """Hex SHA-256 of the UTF-8 bytes of a canonical text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write(value: Any, out: list[str]) -> None:
    # bool before int: True is an int in Python.
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, int | float):
        out.append(es_number(value))
    elif isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str):
                raise CanonicalError("unsupported_type", f"object key is not a string: {key!r}")
        out.append("{")
        for i, key in enumerate(sorted(value, key=_utf16_key)):
            if i:
                out.append(",")
            out.append(_string(key))
            out.append(":")
            _write(value[key], out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        raise CanonicalError("unsupported_type", f"not a JSON value: {type(value).__name__}")


def _utf16_key(key: str) -> bytes:
    # Big-endian UTF-16 bytes compare in code-unit order (JCS §3.2.3), which differs from Python's
    # code-point order for characters above U+FFFF against U+E000..U+FFFF.
    return key.encode("utf-16-be", "surrogatepass")


def _string(text: str) -> str:
    if _SURROGATE.search(text):
        raise CanonicalError("lone_surrogate", "text holds an unpaired surrogate")
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def es_number(number: int | float) -> str:
    """A number as ECMAScript's Number.prototype.toString writes the double (JCS §3.2.2.3)."""
    try:
        x = float(number)
    except OverflowError:
        raise CanonicalError("non_finite_number", "number out of the double range") from None
    if not math.isfinite(x):
        raise CanonicalError("non_finite_number", "NaN and Infinity have no JSON form")
    if x == 0:
        return "0"  # -0 too
    sign = "-" if x < 0 else ""
    # repr() gives the shortest digits that round-trip, the nearest when several do: the same
    # digits ECMAScript picks (ES2024 §6.1.6.1.20, step 5); only their layout differs.
    match = _REPR.fullmatch(repr(abs(x)))
    if match is None:  # pragma: no cover - repr of a finite positive float always matches
        raise CanonicalError("non_finite_number", f"unexpected float form {x!r}")
    whole, fraction, exponent = match[1], match[2] or "", int(match[3] or 0)
    digits = whole + fraction
    n = len(whole) + exponent  # value = 0.digits × 10^n
    stripped = digits.lstrip("0")
    n -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{mantissa}e{'+' if e > 0 else '-'}{abs(e)}"


def signed_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a record that are signed: excluded keys, "_" keys and null values left out."""
    # A null field is the same as an absent one: the server holds every column (null when unset)
    # while the device holds only what was written.
    return {
        key: value
        for key, value in fields.items()
        if key not in EXCLUDED_FIELDS
        and not (isinstance(key, str) and key.startswith(EXCLUDED_PREFIX))
        and value is not None
    }


def _is_live(item: Mapping[str, Any]) -> bool:
    return item.get("deleted") is not True and item.get("removed") is not True


def _record_id(item: Mapping[str, Any]) -> str:
    record = item.get("record")
    if not isinstance(record, str) or not record:
        raise CanonicalError("invalid_document", "a record without its id")
    return record


def _fields(item: Mapping[str, Any]) -> Mapping[str, Any]:
    fields = item.get("fields")
    if not isinstance(fields, Mapping):
        raise CanonicalError("invalid_document", "a record without its fields")
    return fields


def _ordre_key(element: dict[str, Any]) -> tuple[int, float, bytes]:
    ordre = element["fields"].get("ordre")
    if ordre is None:
        return (1, 0.0, _utf16_key(element["id"]))  # no ordre: after the ordered ones
    if isinstance(ordre, bool) or not isinstance(ordre, int | float) or not math.isfinite(ordre):
        raise CanonicalError("invalid_document", f"ordre is not a number: {ordre!r}")
    return (0, float(ordre), _utf16_key(element["id"]))


def canonical_document(
    edl: Mapping[str, Any],
    elements: Iterable[Mapping[str, Any]],
    photos: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    """The signed content of an état des lieux, from records shaped as the pull delivers them."""
    edl_id = _record_id(edl)
    if not _is_live(edl):
        raise CanonicalError("invalid_document", "a deleted état des lieux has no content")
    kept = []
    for item in elements:
        fields = _fields(item)
        if _is_live(item) and fields.get(ELEMENT_PARENT) == edl_id:
            kept.append({"id": _record_id(item), "fields": signed_fields(fields)})
    kept.sort(key=_ordre_key)
    owners = {(EDL_ENTITY, edl_id)} | {(ELEMENT_ENTITY, element["id"]) for element in kept}
    shown = []
    for item in photos:
        fields = _fields(item)
        owner = (fields.get("owner_entity"), fields.get("owner_record"))
        if _is_live(item) and owner in owners:
            sha256 = fields.get("sha256")
            if not isinstance(sha256, str):
                raise CanonicalError("invalid_document", "a photo without its sha256")
            shown.append({"owner": owner[1], "sha256": sha256})
    shown.sort(key=lambda p: (_utf16_key(p["owner"]), _utf16_key(p["sha256"])))
    return {
        "entity": EDL_ENTITY,
        "id": edl_id,
        "fields": signed_fields(_fields(edl)),
        "elements": kept,
        "photos": shown,
    }


def canonical_text(
    edl: Mapping[str, Any],
    elements: Iterable[Mapping[str, Any]],
    photos: Iterable[Mapping[str, Any]],
) -> str:
    """The canonical text of an état des lieux (what is hashed and signed)."""
    return canonical_json(canonical_document(edl, elements, photos))


def canonical_addendum(
    addendum: Mapping[str, Any], photos: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """The signed content of an addendum (edl_addendum) and its photos, pull-shaped records."""
    addendum_id = _record_id(addendum)
    if not _is_live(addendum):
        raise CanonicalError("invalid_document", "a deleted addendum has no content")
    shown = []
    for item in photos:
        fields = _fields(item)
        owner = (fields.get("owner_entity"), fields.get("owner_record"))
        if _is_live(item) and owner == (ADDENDUM_ENTITY, addendum_id):
            sha256 = fields.get("sha256")
            if not isinstance(sha256, str):
                raise CanonicalError("invalid_document", "a photo without its sha256")
            shown.append({"owner": addendum_id, "sha256": sha256})
    shown.sort(key=lambda p: _utf16_key(p["sha256"]))
    return {
        "addendum": {"id": addendum_id, "fields": signed_fields(_fields(addendum))},
        "photos": shown,
    }


def canonical_addendum_text(
    addendum: Mapping[str, Any], photos: Iterable[Mapping[str, Any]]
) -> str:
    """The canonical text of an addendum (what is hashed and signed)."""
    return canonical_json(canonical_addendum(addendum, photos))
