"""Page helpers for the troubles de voisinage screens (issue 11): what a gestionnaire taps on the
tablet and a gardien on the phone, and what the back office's dossier page shows. By label and
role only; every wait is on a condition."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from e2e.pages import expect_synced, screen_alerts, status_bar

DOSSIER_ROUTE = re.compile(r"#/dossier_trouble/([0-9a-f-]{36})")


@dataclass(frozen=True)
class Complaint:
    """What a plaignant reports when the dossier is opened (labels as the screen shows them)."""

    nature: str  # "Bruit"
    depuis: str  # YYYY-MM-DD
    frequence: str  # "Chaque jour"
    menages: int
    qualification: str  # "Trouble de voisinage"
    description: str


@dataclass(frozen=True)
class Interview:
    """An entretien as typed at the kitchen table."""

    role: str  # "Plaignant", "Mis en cause", "Témoin"
    personne: str
    date: str  # YYYY-MM-DDTHH:MM, Paris time
    lieu: str
    mene_par: str
    faits_declares: str
    engagement: str
    echeance: str  # YYYY-MM-DD


@dataclass(frozen=True)
class Occurrence:
    """A fait reported from the phone."""

    nature: str  # "Bruit"
    debut: str  # YYYY-MM-DDTHH:MM, Paris time
    intensite: str  # "Faible", "Moyenne", "Forte"
    signale_par: str
    temoins: str
    description: str


@dataclass(frozen=True)
class Step:
    """A démarche; a mise en demeure adds its deadline and consequences."""

    type: str  # "Rappel au bail", "Mise en demeure"…
    date: str  # YYYY-MM-DDTHH:MM, Paris time
    details: str
    delai: str | None = None  # YYYY-MM-DD
    consequences: str = ""


# --------------------------------------------------------------------------- connection


def go_offline(page: Page) -> None:
    """Cut the device's network; the status bar says so."""
    page.context.set_offline(True)
    expect(status_bar(page).get_by_test_id("connexion")).to_have_text("Hors ligne")


def go_online_and_sync(page: Page) -> None:
    """Give the network back; the app sends what waits on its own, until nothing waits."""
    page.context.set_offline(False)
    expect(status_bar(page).get_by_test_id("connexion")).not_to_have_text("Hors ligne")
    expect_synced(page, timeout=60_000)


# --------------------------------------------------------------------------- the field app


def _choose(scope: Locator, group: str, option: str) -> None:
    """Press one big choice button of a group (its legend), and see it pressed."""
    button = scope.get_by_role("group", name=group).get_by_role("button", name=option, exact=True)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def dossier_id_from_url(url: str) -> str:
    """The dossier's id in the field app's route."""
    found = DOSSIER_ROUTE.search(url)
    assert found, url
    return found.group(1)


def dossier_main(page: Page) -> Locator:
    """The dossier's page, once shown."""
    main = page.locator("#contenu")
    expect(main.get_by_role("heading", name="Dossier de troubles", exact=True)).to_be_visible()
    return main


def open_dossier(page: Page, complaint: Complaint) -> str:
    """On the mis en cause's logement page: open a dossier from the complaint. Returns its id."""
    page.get_by_role("button", name="Ouvrir un dossier de troubles").click()
    form = page.get_by_role("form", name="Dossier de troubles")
    _choose(form, "Qualification", complaint.qualification)
    _choose(form, "Nature des troubles (plusieurs possibles)", complaint.nature)
    form.get_by_label("Depuis le").fill(complaint.depuis)
    _choose(form, "Fréquence", complaint.frequence)
    form.get_by_label("Ménages concernés").fill(str(complaint.menages))
    form.get_by_label("Description", exact=True).fill(complaint.description)
    form.get_by_role("button", name="Ouvrir le dossier").click()
    dossier_main(page)
    return dossier_id_from_url(page.url)


def chronology(page: Page) -> Locator:
    """The items of the dossier's chronology on the device."""
    return dossier_main(page).get_by_role("region", name="Chronologie").get_by_role("listitem")


def next_step(page: Page) -> Locator:
    """The dossier's "Prochaine étape : …" sentence."""
    return dossier_main(page).get_by_role("status")


def record_interview(page: Page, interview: Interview) -> None:
    """From the dossier's page: a new entretien, filled, the notice ticked, validated."""
    dossier_main(page).get_by_role("button", name="Nouvel entretien").click()
    form = page.get_by_role("form", name="Entretien")
    _choose(form, "Personne reçue en tant que", interview.role)
    form.get_by_label("Nom de la personne").fill(interview.personne)
    form.get_by_label("Date et heure").fill(interview.date)
    form.get_by_label("Lieu", exact=True).fill(interview.lieu)
    form.get_by_label("Mené par").fill(interview.mene_par)
    form.get_by_label("Faits déclarés").fill(interview.faits_declares)
    form.get_by_role("button", name="Ajouter un engagement").click()
    form.get_by_label("Engagement 1", exact=True).fill(interview.engagement)
    form.get_by_label("Échéance").fill(interview.echeance)
    notice = form.get_by_label("Notice d'information sur les données personnelles remise")
    notice.check()
    expect(notice).to_be_checked()
    form.get_by_role("button", name="Valider l'entretien").click()
    expect(chronology(page).filter(has_text=f"Entretien avec {interview.personne}")).to_have_count(
        1
    )


def report_fait(page: Page, fait: Occurrence) -> None:
    """On a logement page: "Signaler un fait", a few taps, saved; back on the logement."""
    page.get_by_role("button", name="Signaler un fait").click()
    form = page.get_by_role("form", name="Fait")
    _choose(form, "Nature", fait.nature)
    form.get_by_label("Début").fill(fait.debut)
    _choose(form, "Intensité", fait.intensite)
    form.get_by_label("Signalé par").fill(fait.signale_par)
    form.get_by_label("Témoins").fill(fait.temoins)
    form.get_by_label("Description", exact=True).fill(fait.description)
    form.get_by_role("button", name="Enregistrer le fait").click()
    expect(screen_alerts(page)).to_have_text("Fait enregistré.")


def faits_of_logement(page: Page) -> Locator:
    """The cards of the logement page's "Faits signalés" list."""
    section = page.locator("#contenu").get_by_role("region", name="Faits signalés")
    return section.get_by_role("listitem")


def loose_faits(page: Page) -> Locator:
    """The dossier page's faits of the logement not yet attached to a dossier."""
    return (
        page.locator("#contenu")
        .get_by_role("region", name="Faits du logement sans dossier")
        .get_by_role("listitem")
    )


def attach_loose_faits(page: Page, count: int) -> None:
    """Attach each of the `count` loose faits to the dossier shown, one tap each."""
    items = loose_faits(page)
    expect(items).to_have_count(count)
    for left in range(count - 1, -1, -1):
        items.first.get_by_role("button", name="Rattacher à ce dossier").click()
        expect(items).to_have_count(left)


def record_step(page: Page, step: Step) -> None:
    """From the dossier's page: a new démarche, filled and validated (then frozen)."""
    dossier_main(page).get_by_role("button", name="Nouvelle démarche").click()
    form = page.get_by_role("form", name="Démarche")
    _choose(form, "Type de démarche", step.type)
    form.get_by_label(re.compile(r"^Date\b")).fill(step.date)
    form.get_by_label("Détails").fill(step.details)
    if step.delai is not None:
        form.get_by_label("Délai accordé jusqu'au").fill(step.delai)
    if step.consequences:
        form.get_by_label("Conséquences en cas de non-respect").fill(step.consequences)
    form.get_by_role("button", name="Valider la démarche").click()
    expect(chronology(page).filter(has_text=f"Démarche : {step.type}")).to_have_count(1)


# --------------------------------------------------------------------------- the back office


def bo_section(page: Page, title: str) -> Locator:
    """A card of the back office's dossier page, by its heading."""
    section = page.get_by_role("region", name=title)
    expect(section).to_be_visible()
    return section


def bo_field(section: Locator, label: str) -> Locator:
    """The value cell of a "label | value" row of a back-office card."""
    header = section.page.get_by_role("rowheader", name=label, exact=True)
    return section.get_by_role("row").filter(has=header).get_by_role("cell")


def bo_rows(table: Locator) -> list[list[str]]:
    """The body rows of a back-office table (those with data cells), as their cells' texts."""
    rows = table.get_by_role("row").filter(has=table.page.get_by_role("cell"))
    expect(rows.first).to_be_visible()
    return [[c.strip() for c in row.get_by_role("cell").all_inner_texts()] for row in rows.all()]


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF."""
    assert data.startswith(b"%PDF"), data[:40]
    return "\n".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(data)).pages)
