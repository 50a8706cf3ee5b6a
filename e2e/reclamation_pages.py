"""Page helpers for the réclamations and permanences (issue 12): what a gardien taps on the phone
(report, follow, hold a permanence), how a gestionnaire qualifies and assigns one on the field
app, and what the back office's board and réclamation page show. By label and role only; every
wait is on a condition."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

RECLAMATION_ROUTE = re.compile(r"#/reclamation/([0-9a-f-]{36})")


@dataclass(frozen=True)
class Report:
    """A réclamation as the gardien reports it: a logement (searched) or a partie commune."""

    categorie: str  # the tile: "Plomberie"
    urgence: str  # "U1"
    description: str
    logement_search: str = ""  # typed in "Rechercher un logement"
    logement_label: str = ""  # the search hit's text: "Logement 12 — Les Tilleuls"
    batiment: str = ""  # the bâtiment's option: "Bâtiment A — Les Tilleuls"
    cage: str = ""
    etage: str = ""
    partie: str = ""  # the tile: "Palier"
    photos: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Contact:
    """A contact of a permanence: who, the category, the request and the answer."""

    categorie: str  # the tile: "Technique"
    demande: str
    reponse: str = ""
    who: str = "Anonyme"  # "Anonyme", "Autre personne" or "Locataire / logement"
    nom: str = ""
    logement_search: str = ""


def go_home(page: Page) -> None:
    """The home page (the logements), from the main navigation."""
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Logements"
    ).click()
    expect(page.get_by_role("heading", name="Logements", exact=True)).to_be_visible()


def _press(button: Locator) -> None:
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def report(page: Page, r: Report) -> str:
    """From the home page: "Signaler", the place, the category, the urgence, the description,
    the photos, "Envoyer la réclamation"; the réclamation's page shows it. Returns its id."""
    go_home(page)
    page.get_by_role("button", name="Signaler", exact=True).click()
    form = page.get_by_role("form", name="Réclamation")
    if r.logement_search:
        form.get_by_label("Rechercher un logement").fill(r.logement_search)
        form.get_by_role("list", name="Logements trouvés").get_by_role(
            "button", name=re.compile("^" + re.escape(r.logement_label))
        ).click()
        expect(form.locator(".picked")).to_contain_text(r.logement_label)
    else:
        _press(form.get_by_role("button", name="Parties communes"))
        form.get_by_label("Bâtiment").select_option(label=r.batiment)
        form.get_by_label("Cage").fill(r.cage)
        form.get_by_label("Étage").fill(r.etage)
        _press(
            form.get_by_role("group", name="Partie commune").get_by_role("button", name=r.partie)
        )
    _press(form.get_by_role("button", name=r.categorie, exact=True))
    _press(form.get_by_role("button", name=re.compile("^" + r.urgence)))
    form.get_by_label("Description").fill(r.description)
    for n, photo in enumerate(r.photos, start=1):
        form.locator("#photo-input").set_input_files(str(photo))
        expect(form.get_by_role("img", name=f"Photo {n}")).to_be_visible()
    expect(form.locator(".echeance")).to_contain_text("Échéance prévue : ")
    form.get_by_role("button", name="Envoyer la réclamation").click()
    expect(page.get_by_role("heading", name="Historique")).to_be_visible()
    found = RECLAMATION_ROUTE.search(page.url)
    assert found, page.url
    return found.group(1)


def reclamation_status(page: Page) -> Locator:
    """The réclamation page's "Statut : …" line."""
    return page.locator("#contenu p", has_text="Statut : ")


def history(page: Page) -> Locator:
    """The réclamation page's history entries."""
    return page.get_by_role("region", name="Historique").get_by_role("listitem")


def open_reclamations(page: Page) -> Locator:
    """The home's "Réclamations": the cards of the open ones."""
    go_home(page)
    page.get_by_role("link", name="Réclamations", exact=True).click()
    expect(page.get_by_role("heading", name="Réclamations en cours")).to_be_visible()
    return page.get_by_role("list", name="Réclamations en cours").get_by_role("listitem")


def open_reclamation(page: Page, text: str) -> None:
    """From the home's "Réclamations", the open one whose card shows `text` ("Plomberie")."""
    open_reclamations(page).filter(has_text=text).get_by_role("link").click()
    expect(page.get_by_role("heading", name="Historique")).to_be_visible()


def qualify(page: Page, urgence: str, categorie: str, responsabilite: str) -> None:
    """The réclamation page's "Qualifier" form (a gestionnaire's), saved on the device."""
    form = page.get_by_role("form", name="Qualifier")
    form.get_by_label("Urgence").select_option(urgence)
    form.get_by_label("Catégorie").select_option(label=categorie)
    form.get_by_label("Responsabilité").select_option(label=responsabilite)
    form.get_by_role("button", name="Qualifier").click()
    expect(form.get_by_role("status")).to_have_text(
        "La réclamation est qualifiée ; elle sera envoyée à la prochaine synchronisation."
    )


def assign(page: Page, entreprise: str, reference: str) -> None:
    """The réclamation page's "Affecter" form (a gestionnaire's), saved on the device."""
    form = page.get_by_role("form", name="Affecter")
    form.get_by_label("Entreprise").fill(entreprise)
    form.get_by_label("Référence (bon de commande, ticket)").fill(reference)
    form.get_by_role("button", name="Affecter").click()
    expect(form.get_by_role("status")).to_contain_text(f"Réclamation affectée à {entreprise}")


def start_permanence(page: Page, residence: str, site: str, agents: str) -> None:
    """Home → "Permanences" → "Démarrer une permanence": its page shows no contact yet."""
    go_home(page)
    page.get_by_role("link", name="Permanences", exact=True).click()
    page.get_by_role("button", name="Démarrer une permanence").click()
    form = page.get_by_role("form", name="Permanence")
    form.get_by_label("Résidence").select_option(label=residence)
    form.get_by_label("Lieu").fill(site)
    form.get_by_label("Agents présents").fill(agents)
    form.get_by_role("button", name="Démarrer la permanence").click()
    expect(page.get_by_role("heading", name=f"Permanence — {site}")).to_be_visible()


def _fill_contact(page: Page, c: Contact) -> Locator:
    page.get_by_role("button", name="Nouveau contact").click()
    form = page.get_by_role("form", name="Contact")
    _press(form.get_by_role("group", name="Personne reçue").get_by_role("button", name=c.who))
    if c.nom:
        form.get_by_label("Nom", exact=True).fill(c.nom)
    if c.logement_search:
        form.get_by_role("searchbox").fill(c.logement_search)
        form.get_by_role("list", name="Logements trouvés").get_by_role("button").first.click()
        expect(form.locator(".picked")).to_be_visible()
    _press(
        form.get_by_role("group", name="Catégorie de la demande").get_by_role(
            "button", name=c.categorie, exact=True
        )
    )
    form.get_by_label(re.compile(r"^Demande")).fill(c.demande)
    form.get_by_label("Réponse apportée").fill(c.reponse)
    return form


def add_contact(page: Page, c: Contact) -> None:
    """On a permanence's page: "Nouveau contact", filled, saved; back on the permanence."""
    _fill_contact(page, c).get_by_role("button", name="Enregistrer le contact").click()
    expect(page.get_by_role("alert")).to_have_text("Contact enregistré.")


def contact_to_reclamation(page: Page, c: Contact, categorie: str) -> None:
    """A contact turned into a réclamation in one tap: prefilled from the contact, the category
    chosen, both saved at once; back on the permanence."""
    _fill_contact(page, c).get_by_role("button", name="Créer une réclamation").click()
    form = page.get_by_role("form", name="Réclamation")
    expect(form.get_by_label("Description")).to_have_value(c.demande)
    _press(form.get_by_role("button", name=categorie, exact=True))
    form.get_by_role("button", name="Enregistrer la réclamation et le contact").click()
    expect(page.get_by_role("alert")).to_have_text("Contact et réclamation enregistrés.")


def contacts(page: Page) -> Locator:
    """The permanence page's contact cards."""
    return page.get_by_role("list", name="Contacts").get_by_role("listitem")


# --------------------------------------------------------------------------- back office


def board_rows(desk: Page) -> Locator:
    """The rows of /bo/reclamations (the open réclamations)."""
    return desk.locator("table.reclamations tbody tr")


def bo_history(desk: Page) -> Locator:
    """The entries of the réclamation page's history."""
    return desk.get_by_role("region", name="Historique").locator("tbody tr")
