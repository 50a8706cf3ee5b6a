"""Sending a signed état des lieux by e-mail: who may receive it (the locataires of its bail,
other addresses typed in), the form's checks, and the French message with the PDF."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from server.backoffice.labels import choice_labels, format_iso, parse_iso
from server.backoffice.naming import logement_label
from server.documents.signing import EDL, SIGNED
from server.extensions import db
from server.families.registry import REGISTRY
from server.mail import Attachment, parse_address
from server.models import Bail, Batiment, EtatDesLieux, Locataire, Logement, Residence
from server.review import LOCAL_ZONE

MAX_RECIPIENTS = 20
MAX_NOTE = 2000
SEPARATORS = re.compile(r"[,;\s]+")

NOT_CONFIGURED = (
    "mail_not_configured",
    "L'envoi d'e-mails n'est pas configuré sur ce serveur (variables PALIER_SMTP_*) : "
    "téléchargez le PDF et envoyez-le depuis votre messagerie.",
)
NOT_SIGNED = (
    "edl_not_signed",
    "Cet état des lieux est un brouillon : seul un état des lieux signé par le locataire et le "
    "bailleur peut être envoyé.",
)
DELETED = ("edl_deleted", "Cet état des lieux est supprimé : il ne peut plus être envoyé.")


@dataclass(frozen=True)
class Candidate:
    """A locataire of the EDL's bail, and their address if the référentiel holds a valid one."""

    id: str
    name: str
    email: str
    address: str | None


@dataclass
class MailForm:
    """The "Envoyer par e-mail" form: the locataires offered, what is chosen, and its errors."""

    candidates: list[Candidate]
    chosen: set[str]
    extra: str = ""
    note: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def blank(cls, candidates: list[Candidate]) -> MailForm:
        """The form as first shown: every locataire with an address is checked."""
        return cls(candidates, {c.id for c in candidates if c.address})

    def recipients(self) -> list[str]:
        """The addresses to send to; fills `errors` (one per bad address) when there are some."""
        self.errors = []
        known = {c.id: c for c in self.candidates}
        addresses: list[str] = []
        for locataire_id in sorted(self.chosen):
            candidate = known.get(locataire_id)
            if candidate is None:
                self.errors.append("Destinataire inconnu : ce locataire n'est pas sur le bail.")
            elif candidate.address is None:
                self.errors.append(
                    f"{candidate.name} n'a pas d'adresse e-mail valide dans le référentiel."
                )
            else:
                addresses.append(candidate.address)
        for text in SEPARATORS.split(self.extra.strip()):
            if not text:
                continue
            address = parse_address(text)
            if address is None:
                self.errors.append(f"Adresse e-mail invalide : « {text} ».")
            else:
                addresses.append(address)
        seen: set[str] = set()
        unique = []
        for address in addresses:  # one copy each, whatever the case typed
            if address.lower() not in seen:
                seen.add(address.lower())
                unique.append(address)
        if not unique and not self.errors:
            self.errors.append("Choisissez au moins un destinataire ou saisissez une adresse.")
        if len(unique) > MAX_RECIPIENTS:
            self.errors.append(f"Trop de destinataires : {MAX_RECIPIENTS} au plus.")
        if len(self.note) > MAX_NOTE:
            self.errors.append(f"Le message est trop long : {MAX_NOTE} caractères au plus.")
        return unique


def candidates_of(record: EtatDesLieux) -> list[Candidate]:
    """The locataires of the EDL's bail, in the bail's order."""
    bail = db.session.get(Bail, record.bail_id) if record.bail_id else None
    ids = [str(i) for i in (bail.locataire_ids if bail else None) or []]
    if not ids:
        return []
    rows = {
        lo.id: lo
        for lo in db.session.execute(select(Locataire).where(Locataire.id.in_(ids))).scalars()
    }
    out = []
    for locataire_id in ids:
        lo = rows.get(locataire_id)
        if lo is None or lo.deleted:
            continue
        name = " ".join(x for x in (lo.prenom, lo.nom) if x)
        email = (lo.email or "").strip()
        out.append(Candidate(lo.id, name, email, parse_address(email) if email else None))
    return out


def refusal(
    record: EtatDesLieux, configured: bool, config_problem: str = ""
) -> tuple[str, str] | None:
    """Why this EDL cannot be sent now (code, French message), if it cannot."""
    if config_problem:
        return (
            "mail_misconfigured",
            f"L'envoi d'e-mails est mal configuré sur ce serveur : {config_problem} "
            "Téléchargez le PDF et envoyez-le depuis votre messagerie.",
        )
    if not configured:
        return NOT_CONFIGURED
    if record.deleted:
        return DELETED
    if record.statut != SIGNED or not record.content_hash:
        return NOT_SIGNED
    return None


def _logement(record: EtatDesLieux) -> tuple[str, str]:
    """The logement's number and its full label ("logement 101, Bâtiment A, Les Tilleuls")."""
    logement = db.session.get(Logement, record.logement_id) if record.logement_id else None
    if logement is None:
        return "inconnu", "logement inconnu"
    batiment = db.session.get(Batiment, logement.batiment_id)
    residence = db.session.get(Residence, logement.residence_id)
    return logement.numero, logement_label(logement, batiment, residence)


def _title(record: EtatDesLieux) -> str:
    sens = choice_labels(REGISTRY[EDL], "sens")
    return sens.get(record.sens or "", "État des lieux")


def _day(record: EtatDesLieux) -> str:
    moment = parse_iso(record.date_edl) if record.date_edl else None
    moment = moment or record.created_at
    return moment.astimezone(LOCAL_ZONE).strftime("%d/%m/%Y")


def subject_of(record: EtatDesLieux) -> str:
    """ "État des lieux d'entrée — logement 101 — 29/11/2026"."""
    return f"{_title(record)} — logement {_logement(record)[0]} — {_day(record)}"


def body_of(record: EtatDesLieux, note: str, agency: str) -> str:
    """The message's French text: what is attached, the note typed in, the signed content hash."""
    _numero, place = _logement(record)
    title = _title(record)
    lines = [
        "Bonjour,",
        "",
        f"Vous trouverez ci-joint l'{title[0].lower()}{title[1:]} du {place}, établi le "
        f"{format_iso(record.date_edl)} et signé par les parties.",
        "",
    ]
    if note.strip():
        lines += [note.strip(), ""]
    lines += [
        "Empreinte SHA-256 du document signé :",
        record.content_hash or "",
        "Elle est imprimée au bas de chaque page du PDF : elle permet de vérifier que le document "
        "n'a pas été modifié depuis sa signature.",
        "",
        "Cordialement,",
        agency,
    ]
    return "\n".join(lines) + "\n"


def pdf_attachment(record: EtatDesLieux, pdf: bytes) -> Attachment:
    """The PDF as the message joins it."""
    numero = re.sub(r"[^0-9A-Za-z]+", "-", _logement(record)[0]).strip("-") or "inconnu"
    name = f"etat-des-lieux-{record.sens or 'entree'}-logement-{numero}.pdf"
    return Attachment(name, pdf, "application/pdf")


def audit_details(recipients: Iterable[str], refused: Iterable[str], digest: str) -> dict:
    """What the audit log keeps of an e-mail sent."""
    return {"recipients": list(recipients), "refused": list(refused), "content_hash": digest}
