"""Palier's sync core: pure decisions on plain data, no Flask, no SQLAlchemy, no I/O."""

from sync.cursor import (
    Cursor,
    decode_cursor,
    derive_cursor_key,
    encode_cursor,
    scope_fingerprint,
)
from sync.errors import ProtocolError
from sync.hlc import Hlc, format_hlc, is_valid_remote_hlc, parse_hlc, receive, tick
from sync.merge import (
    CONTESTED_FIELD,
    DELETED_FIELD,
    Conflict,
    FieldClock,
    MergeResult,
    Mutation,
    RecordState,
    merge,
)
from sync.messages import (
    DEFAULT_PULL_LIMIT,
    MAX_MUTATIONS,
    MAX_PULL_LIMIT,
    MIN_SCHEMA_VERSION,
    SCHEMA_VERSION,
    MutationResult,
    PushMutation,
    PushRequest,
    parse_pull_args,
    parse_push,
    result_to_json,
)

__all__ = [
    "CONTESTED_FIELD",
    "DEFAULT_PULL_LIMIT",
    "DELETED_FIELD",
    "MAX_MUTATIONS",
    "MAX_PULL_LIMIT",
    "MIN_SCHEMA_VERSION",
    "SCHEMA_VERSION",
    "Conflict",
    "Cursor",
    "FieldClock",
    "Hlc",
    "MergeResult",
    "Mutation",
    "MutationResult",
    "ProtocolError",
    "PushMutation",
    "PushRequest",
    "RecordState",
    "decode_cursor",
    "derive_cursor_key",
    "encode_cursor",
    "format_hlc",
    "is_valid_remote_hlc",
    "merge",
    "parse_hlc",
    "parse_pull_args",
    "parse_push",
    "receive",
    "result_to_json",
    "scope_fingerprint",
    "tick",
]
