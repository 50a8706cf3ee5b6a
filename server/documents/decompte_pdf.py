"""The letter to the tenant with the décompte de sortie: plain figures → Jinja HTML → WeasyPrint
PDF (A4, French), as server/documents/edl_pdf.py renders the état des lieux."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import HTML, URLFetcher

from server.documents.decompte import (
    SANS_ADRESSE,
    SANS_ENTREE,
    Decompte,
    format_date,
)
from server.documents.labels import format_euros, format_percent

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE = "documents/decompte_lettre.html"

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,  # names and justifications are typed by people: print them, never run them
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters.update(euros=format_euros, jour=format_date, taux=format_percent)


@dataclass(frozen=True)
class Lettre:
    """Who writes to whom about which logement: what the letter prints besides the figures."""

    bailleur: str
    bailleur_adresse: str
    bailleur_representant: str
    locataire: str
    adresse_locataire: str  # the new address the tenant gave at the sortie, "" when none
    logement: str
    date_sortie: date | None
    date_entree: date | None


def render_letter(lettre: Lettre, decompte: Decompte, day: date) -> bytes:
    """The letter's PDF, dated `day`."""
    html = render_letter_html(lettre, decompte, day)
    # Nothing is ever fetched: no image, no stylesheet outside the page.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)
    return HTML(string=html, base_url=str(TEMPLATES), url_fetcher=fetcher).write_pdf()


def render_letter_html(lettre: Lettre, decompte: Decompte, day: date) -> str:
    """The HTML the letter's PDF is made from."""
    view: dict[str, Any] = {
        "l": lettre,
        "d": decompte,
        "le": format_date(day),
        "sans_entree": SANS_ENTREE,
        "sans_adresse": SANS_ADRESSE,
    }
    return _ENV.get_template(TEMPLATE).render(**view)
