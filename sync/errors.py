"""The one error type of the sync core: a stable code, a French message, the fields at fault."""

from __future__ import annotations

from typing import Any


class ProtocolError(Exception):
    """A request that breaks the sync protocol; `message` is French and meant for the user."""

    def __init__(
        self,
        code: str,
        message: str,
        fields: dict[str, Any] | None = None,
        status: int = 400,
    ) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message
        self.fields: dict[str, Any] = fields if fields is not None else {}
        self.status = status

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        """The API's error body: {"error": {"code", "message", "fields"}}."""
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}
