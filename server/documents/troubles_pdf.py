"""The PDFs of a troubles de voisinage dossier (issue 11): letters to the mis en cause (rappel au
bail, mise en demeure), a witness's attestation (CERFA 11527*03) and the dossier for a judge.

Plain record dicts → Jinja HTML → WeasyPrint PDF, as server/documents/edl_pdf.py does. A letter is
built only from a `LetterFacts` (the dossier's nature, dates and counts and the démarche's own
fields): it never receives entretiens, attestations or faits, so no plaignant or témoin can leak
into it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import HTML, URLFetcher

from server.documents import troubles_data as td
from server.families.troubles_labels import QUALIFICATION_LABELS
from sync.procedure import alerte

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LETTER_TITLES = {"rappel_bail": "Rappel au bail", "mise_en_demeure": "Mise en demeure"}
LETTER_TYPES = tuple(LETTER_TITLES)

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,  # every field is typed by people: print it, never interpret it
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters.update(jour=td.french_date, moment=td.french_datetime)

Image = Callable[[str], str | None]  # sha256 -> data: URI (or None when absent)


@dataclass(frozen=True)
class Destinataire:
    """The mis en cause as a letter addresses them: the tenants of the logement and its place."""

    locataires: list[str]
    logement: str  # "Logement 101, bâtiment A"
    adresse: str  # "12 rue des Lilas, 69003 Lyon"
    residence: str


@dataclass(frozen=True)
class LetterFacts:
    """Everything a letter may print about the trouble: never a name from the dossier."""

    type: str
    date: str
    delai: str | None
    details: str
    consequences: str
    natures: str
    depuis: str | None
    frequence: str
    counts: td.Counts


def letter_facts(dossier: dict, demarche: dict, counts: td.Counts) -> LetterFacts:
    """The letter's facts from the dossier's coded fields, its counts and the démarche."""
    return LetterFacts(
        type=demarche.get("type") or "",
        date=demarche.get("date") or "",
        delai=demarche.get("delai"),
        details=demarche.get("details") or "",
        consequences=demarche.get("consequences") or "",
        natures=td.natures_text(dossier.get("nature")),
        depuis=dossier.get("depuis"),
        frequence=td.FREQUENCE_LABELS.get(dossier.get("frequence"), ""),
        counts=counts,
    )


def _pdf(html: str) -> bytes:
    # Only data: URIs are ever needed: the renderer stays off the network and the file system.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)
    return HTML(string=html, base_url=str(TEMPLATES), url_fetcher=fetcher).write_pdf()


def render_letter_html(facts: LetterFacts, to: Destinataire, bailleur: str, day: date) -> str:
    """The HTML of a rappel au bail or a mise en demeure to the mis en cause."""
    if facts.type not in LETTER_TYPES:
        raise ValueError(f"not a letter: {facts.type}")
    return _ENV.get_template("documents/troubles_lettre.html").render(
        f=facts,
        to=to,
        bailleur=bailleur,
        titre=LETTER_TITLES[facts.type],
        le=day.strftime("%d/%m/%Y"),
    )


def render_letter(facts: LetterFacts, to: Destinataire, bailleur: str, day: date) -> bytes:
    """The letter's PDF, dated `day`."""
    return _pdf(render_letter_html(facts, to, bailleur, day))


def render_attestation_html(
    attestation: dict, signatures: list[dict], dossier_label: str, image: Image
) -> str:
    """The HTML of a witness's attestation laid out as CERFA 11527*03."""
    return _ENV.get_template("documents/troubles_attestation.html").render(
        a=attestation,
        signatures=[
            {
                "nom": s.get("nom") or "",
                "date": td.french_datetime(s.get("signed_at")),
                "src": image(s["image_sha256"]) if s.get("image_sha256") else None,
            }
            for s in td.live(signatures)
        ],
        dossier=dossier_label,
    )


def render_attestation(
    attestation: dict, signatures: list[dict], dossier_label: str, image: Image
) -> bytes:
    """The attestation's PDF."""
    return _pdf(render_attestation_html(attestation, signatures, dossier_label, image))


@dataclass(frozen=True)
class DossierRecords:
    """A dossier and its live children, as plain field dicts with their "id"."""

    dossier: dict
    faits: list[dict]
    entretiens: list[dict]
    demarches: list[dict]
    attestations: list[dict]


def dossier_view(records: DossierRecords, logement: str) -> dict[str, Any]:
    """What the dossier's page and PDF show: header, step, counts and chronology."""
    dossier = records.dossier
    qualification = dossier.get("qualification")
    return {
        "dossier": dossier,
        "logement": logement,
        "natures": td.natures_text(dossier.get("nature")),
        "frequence": td.FREQUENCE_LABELS.get(dossier.get("frequence"), ""),
        "qualification": QUALIFICATION_LABELS.get(qualification, qualification or ""),
        "urgence": alerte(qualification) or "",
        "etat": "clos" if dossier.get("etat") == "clos" else "ouvert",
        "cloture": td.CLOTURE_LABELS.get(dossier.get("cloture"), ""),
        "step": td.procedure_step(dossier, records.entretiens, records.demarches),
        "counts": td.counts_of(dossier, records.faits),
        "events": td.chronology(records.faits, records.entretiens, records.demarches),
        "attestations": [
            {
                "id": a.get("id") or "",
                "nom": " ".join(x for x in (a.get("prenom"), a.get("nom")) if x),
                "fait_le": td.french_date(a.get("fait_le")),
            }
            for a in td.live(records.attestations)
        ],
        "letters": [
            {
                "id": d.get("id") or "",
                "titre": td.DEMARCHE_LABELS[d["type"]],
                "date": td.french_date(d.get("date")),
            }
            for d in td.live(records.demarches)
            if d.get("type") in LETTER_TYPES
        ],
    }


def render_dossier(records: DossierRecords, logement: str, day: date) -> bytes:
    """The dossier's PDF for the contentieux: header, step, counts, chronology, attestations."""
    view = dossier_view(records, logement) | {"le": day.strftime("%d/%m/%Y")}
    return _pdf(_ENV.get_template("documents/troubles_dossier.html").render(**view))
