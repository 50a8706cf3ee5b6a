"""A real SMTP server (aiosmtpd) on a free local port, keeping the messages it accepts."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

HOST = "127.0.0.1"
SENDER = "Palier <palier@bailleur.example.fr>"
LOGIN, PASSWORD = "palier", "secret-smtp"


def free_port() -> int:
    """A local TCP port nothing listens on (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    """One message as the server accepted it: envelope and parsed content."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Inbox:
    """The server's handler: accepts every recipient but `refused`, keeps every message."""

    refused: set[str] = field(default_factory=set)
    messages: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # noqa: N802
        if address in self.refused:
            return "550 5.1.1 Destinataire inconnu"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def _check_login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = auth_data.login == LOGIN.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@dataclass
class LocalSmtp:
    """A running server: where it listens and what it received."""

    port: int
    inbox: Inbox


@contextmanager
def local_smtp(refused: set[str] | None = None, with_auth: bool = False) -> Iterator[LocalSmtp]:
    """Run an SMTP server (no TLS; LOGIN/PASSWORD required when `with_auth`) while in the block."""
    inbox = Inbox(refused or set())
    options: dict[str, Any] = {}
    if with_auth:
        options = {"authenticator": _check_login, "auth_required": True, "auth_require_tls": False}
    port = free_port()
    controller = Controller(inbox, hostname=HOST, port=port, **options)
    controller.start()  # returns once the server answers
    try:
        yield LocalSmtp(port, inbox)
    finally:
        controller.stop()


def smtp_config(port: int, **overrides: Any) -> dict[str, Any]:
    """The app config of an SMTP server on this machine, without TLS."""
    return {
        "PALIER_SMTP_HOST": HOST,
        "PALIER_SMTP_PORT": port,
        "PALIER_SMTP_USER": "",
        "PALIER_SMTP_PASSWORD": "",
        "PALIER_SMTP_SECURITY": "none",
        "PALIER_SMTP_FROM": SENDER,
        "PALIER_SMTP_TIMEOUT": 20.0,
    } | overrides
