"""Sending e-mail over SMTP (smtplib), as configured by PALIER_SMTP_* (server/config.py).

No Flask here: the caller passes the settings. A failed send raises `MailError`, with a stable
`code` for the logs and a French `message` for the page.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

MAX_ADDRESS_LENGTH = 254

UNREACHABLE = "Le serveur d'e-mails est injoignable."
TLS_FAILED = "La connexion chiffrée (TLS) au serveur d'e-mails a échoué."
NOT_SUPPORTED = (
    "Le serveur d'e-mails ne propose pas le chiffrement STARTTLS ou l'authentification demandés "
    "(PALIER_SMTP_SECURITY, PALIER_SMTP_USER)."
)
AUTH_FAILED = "Le serveur d'e-mails a refusé l'identifiant ou le mot de passe de Palier."
SENDER_REFUSED = "Le serveur d'e-mails a refusé l'adresse d'expéditeur (PALIER_SMTP_FROM)."
FAILED = "Le serveur d'e-mails a refusé le message."


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: the server, its security, the account and the sender."""

    host: str
    port: int
    user: str
    password: str
    security: str  # starttls | ssl | none
    sender: str
    timeout: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpSettings | None:
        """The settings an app's config holds; None when no host is set (e-mail is off)."""
        host = config.get("PALIER_SMTP_HOST") or ""
        if not host:
            return None
        return cls(
            host=host,
            port=int(config["PALIER_SMTP_PORT"]),
            user=config.get("PALIER_SMTP_USER") or "",
            password=config.get("PALIER_SMTP_PASSWORD") or "",
            security=config["PALIER_SMTP_SECURITY"],
            sender=config["PALIER_SMTP_FROM"],
            timeout=float(config["PALIER_SMTP_TIMEOUT"]),
        )


@dataclass(frozen=True)
class Attachment:
    """A file joined to a message."""

    filename: str
    content: bytes
    mime: str  # "application/pdf"


class MailError(Exception):
    """A send that failed: `code` for the logs, `message` (French) for people."""

    def __init__(self, code: str, message: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail or message}")
        self.code = code
        self.message = message
        self.detail = detail


def parse_address(text: str) -> str | None:
    """The address when `text` is one plain e-mail address (ASCII, dotted domain), else None."""
    text = text.strip()
    if not text or len(text) > MAX_ADDRESS_LENGTH or not text.isascii():
        return None
    try:
        address = Address(addr_spec=text)
    except (ValueError, IndexError, HeaderParseError):
        return None
    domain = address.domain
    if not address.username or "." not in domain.strip(".") or ".." in domain:
        return None
    return address.addr_spec


def parse_mailbox(text: str) -> str | None:
    """`text` when it is an address with or without a name ("Palier <x@y.fr>"), else None."""
    _name, address = parseaddr(text)
    return text.strip() if address and parse_address(address) else None


def build_message(
    sender: str,
    recipients: Iterable[str],
    subject: str,
    body: str,
    attachments: Iterable[Attachment] = (),
) -> EmailMessage:
    """A French plain-text message with its attachments."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    # the sender's domain, not socket.getfqdn(): that may wait on DNS
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    for item in attachments:
        maintype, _slash, subtype = item.mime.partition("/")
        message.add_attachment(
            item.content, maintype=maintype, subtype=subtype, filename=item.filename
        )
    return message


def _connect(settings: SmtpSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    return smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)


def send(settings: SmtpSettings, message: EmailMessage) -> list[str]:
    """Send the message; returns the recipients refused while others were accepted.

    MailError when nothing was sent: server unreachable, TLS, authentication, sender or every
    recipient refused.
    """
    context = ssl.create_default_context()
    try:
        with _connect(settings, context) as smtp:
            if settings.security == "starttls":
                smtp.starttls(context=context)
            if settings.user:
                smtp.login(settings.user, settings.password)
            refused = smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as err:
        raise MailError("smtp_auth_failed", AUTH_FAILED, str(err)) from err
    except smtplib.SMTPRecipientsRefused as err:
        addresses = ", ".join(sorted(err.recipients))
        raise MailError(
            "smtp_recipients_refused",
            f"Le serveur d'e-mails a refusé les destinataires : {addresses}.",
            str(err.recipients),
        ) from err
    except smtplib.SMTPSenderRefused as err:
        raise MailError("smtp_sender_refused", SENDER_REFUSED, str(err)) from err
    except smtplib.SMTPNotSupportedError as err:
        raise MailError("smtp_not_supported", NOT_SUPPORTED, str(err)) from err
    except (smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected) as err:
        raise MailError("smtp_unreachable", UNREACHABLE, str(err)) from err
    except smtplib.SMTPException as err:
        raise MailError("smtp_failed", FAILED, str(err)) from err
    except ssl.SSLError as err:
        raise MailError("smtp_tls_failed", TLS_FAILED, str(err)) from err
    except OSError as err:  # refused, timed out, unknown host
        raise MailError("smtp_unreachable", UNREACHABLE, str(err)) from err
    return sorted(refused)
