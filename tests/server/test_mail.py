"""Sending e-mail (server/mail.py) to a real local SMTP server, and its configuration."""

from __future__ import annotations

import pytest

from server.config import smtp_config as config_from_env
from server.mail import (
    Attachment,
    MailError,
    SmtpSettings,
    build_message,
    parse_address,
    parse_mailbox,
    send,
)
from tests.server.smtp_helpers import LOGIN, PASSWORD, SENDER, free_port, local_smtp, smtp_config

PDF = b"%PDF-1.7\n% un faux PDF pour le test\n"


def settings(port: int, **overrides) -> SmtpSettings:
    configured = SmtpSettings.from_config(smtp_config(port, **overrides))
    assert configured is not None
    return configured


def message(*recipients: str):
    return build_message(
        SENDER,
        recipients,
        "État des lieux d'entrée — logement 101 — 29/11/2026",
        "Bonjour,\nVoici l'état des lieux signé.\n",
        [Attachment("etat-des-lieux.pdf", PDF, "application/pdf")],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("marie.dupont@example.fr", "marie.dupont@example.fr"),
        ("  Gestion@Bailleur.example.fr ", "Gestion@Bailleur.example.fr"),
        ("marie@", None),
        ("marie", None),
        ("@example.fr", None),
        ("marie@localhost", None),
        ("marie dupont@example.fr", None),
        ("Marie <marie@example.fr>", None),
        ("a@example.fr, b@example.fr", None),
        ("éloïse@example.fr", None),
        ("marie@example.fr\r\nBcc: x@example.fr", None),
        ("", None),
        ("x" * 250 + "@example.fr", None),
    ],
)
def test_parse_address(text: str, expected: str | None) -> None:
    assert parse_address(text) == expected


def test_parse_mailbox_accepts_a_name() -> None:
    assert parse_mailbox("Office Rhône Habitat <edl@orh.example.fr>") == (
        "Office Rhône Habitat <edl@orh.example.fr>"
    )
    assert parse_mailbox("edl@orh.example.fr") == "edl@orh.example.fr"
    assert parse_mailbox("pas une adresse") is None


def test_configuration_from_the_environment() -> None:
    off = config_from_env({})
    assert off["PALIER_SMTP_HOST"] == ""
    assert SmtpSettings.from_config(off) is None
    on = config_from_env(
        {"PALIER_SMTP_HOST": "smtp.example.fr", "PALIER_SMTP_FROM": "edl@example.fr"}
    )
    assert SmtpSettings.from_config(on) == SmtpSettings(
        host="smtp.example.fr",
        port=587,
        user="",
        password="",
        security="starttls",
        sender="edl@example.fr",
        timeout=20.0,
    )
    ssl_on = config_from_env(
        {
            "PALIER_SMTP_HOST": "smtp.example.fr",
            "PALIER_SMTP_PORT": "465",
            "PALIER_SMTP_SECURITY": "SSL",
            "PALIER_SMTP_USER": "palier",
            "PALIER_SMTP_PASSWORD": "s3cret",
            "PALIER_SMTP_FROM": "Palier <edl@example.fr>",
        }
    )
    assert (ssl_on["PALIER_SMTP_PORT"], ssl_on["PALIER_SMTP_SECURITY"]) == (465, "ssl")
    assert (ssl_on["PALIER_SMTP_USER"], ssl_on["PALIER_SMTP_PASSWORD"]) == ("palier", "s3cret")


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"PALIER_SMTP_HOST": "smtp.example.fr"}, "PALIER_SMTP_FROM est obligatoire"),
        (
            {"PALIER_SMTP_HOST": "smtp.example.fr", "PALIER_SMTP_FROM": "edl"},
            "PALIER_SMTP_FROM n'est pas une adresse e-mail valide",
        ),
        ({"PALIER_SMTP_SECURITY": "tls"}, "PALIER_SMTP_SECURITY vaut « tls »"),
        (
            {
                "PALIER_SMTP_HOST": "smtp.example.fr",
                "PALIER_SMTP_FROM": "a@b.fr",
                "PALIER_SMTP_PORT": "smtp",
            },
            "PALIER_SMTP_PORT vaut « smtp »",
        ),
    ],
)
def test_a_bad_configuration_turns_mail_off_with_its_reason(
    environ: dict[str, str], message: str
) -> None:
    config = config_from_env(environ)
    assert message in config["PALIER_SMTP_ERROR"]
    assert SmtpSettings.from_config(config) is None


def test_a_message_arrives_with_its_attachment() -> None:
    with local_smtp() as server:
        refused = send(settings(server.port), message("marie.dupont@example.fr", "b@example.fr"))
        assert refused == []
        [received] = server.inbox.messages
    assert received.mail_from == "palier@bailleur.example.fr"
    assert received.rcpt_tos == ["marie.dupont@example.fr", "b@example.fr"]
    mail = received.message
    assert mail["Subject"] == "État des lieux d'entrée — logement 101 — 29/11/2026"
    assert mail["From"] == SENDER
    body = mail.get_body(("plain",)).get_content()
    assert body.replace("\r\n", "\n") == "Bonjour,\nVoici l'état des lieux signé.\n"
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "etat-des-lieux.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == PDF


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_when_a_user_is_set() -> None:
    with local_smtp(with_auth=True) as server:
        send(
            settings(server.port, PALIER_SMTP_USER=LOGIN, PALIER_SMTP_PASSWORD=PASSWORD),
            message("a@example.fr"),
        )
        assert len(server.inbox.messages) == 1
        with pytest.raises(MailError) as failed:
            send(
                settings(server.port, PALIER_SMTP_USER=LOGIN, PALIER_SMTP_PASSWORD="faux"),
                message("a@example.fr"),
            )
        assert failed.value.code == "smtp_auth_failed"
        assert failed.value.message == (
            "Le serveur d'e-mails a refusé l'identifiant ou le mot de passe de Palier."
        )
        assert len(server.inbox.messages) == 1


def test_recipients_refused() -> None:
    with local_smtp(refused={"inconnu@example.fr", "autre@example.fr"}) as server:
        with pytest.raises(MailError) as failed:
            send(settings(server.port), message("inconnu@example.fr", "autre@example.fr"))
        assert failed.value.code == "smtp_recipients_refused"
        assert failed.value.message == (
            "Le serveur d'e-mails a refusé les destinataires : "
            "autre@example.fr, inconnu@example.fr."
        )
        assert server.inbox.messages == []
        # some refused, the others served: the caller is told which
        refused = send(settings(server.port), message("inconnu@example.fr", "a@example.fr"))
        assert refused == ["inconnu@example.fr"]
        assert [m.rcpt_tos for m in server.inbox.messages] == [["a@example.fr"]]


def test_nothing_listening() -> None:
    with pytest.raises(MailError) as failed:
        send(settings(free_port()), message("a@example.fr"))
    assert failed.value.code == "smtp_unreachable"
    assert failed.value.message == "Le serveur d'e-mails est injoignable."


def test_starttls_asked_of_a_server_without_it() -> None:
    with local_smtp() as server:
        with pytest.raises(MailError) as failed:
            send(settings(server.port, PALIER_SMTP_SECURITY="starttls"), message("a@example.fr"))
        assert failed.value.code == "smtp_not_supported"
        assert server.inbox.messages == []


def test_ssl_asked_of_a_plain_server() -> None:
    with local_smtp() as server:
        with pytest.raises(MailError) as failed:
            send(settings(server.port, PALIER_SMTP_SECURITY="ssl"), message("a@example.fr"))
        assert failed.value.code == "smtp_tls_failed"
        assert server.inbox.messages == []
