"""How the back office names the réclamations and permanences records and shows their fields
(French), and the French labels of their codes (shared with the board and the CSV exports)."""

from __future__ import annotations

from server.families.declaration import Labels, Noun
from sync.reclamation import STATUT_LABELS

CATEGORIE_LABELS = {
    "plomberie": "Plomberie",
    "electricite": "Électricité",
    "chauffage": "Chauffage",
    "serrurerie": "Serrurerie",
    "ventilation_humidite": "Ventilation / humidité",
    "nuisibles": "Nuisibles",
    "ascenseur": "Ascenseur",
    "eclairage": "Éclairage",
    "proprete_encombrants": "Propreté / encombrants",
    "securite_gaz_incendie": "Sécurité gaz / incendie",
    "vandalisme_tags": "Vandalisme / tags",
    "trouble_voisinage": "Trouble de voisinage",
    "administratif": "Administratif",
}
URGENCE_LABELS = {
    "U1": "U1 — sous 4 h",
    "U2": "U2 — sous 24 h",
    "U3": "U3 — sous 5 jours ouvrés",
}
# what each level means, shown where the urgence is chosen
URGENCE_TEXTS = {
    "U1": "Sous 4 h : fuite de gaz, fuite d'eau importante, plus d'électricité, porte qui ne "
    "ferme plus",
    "U2": "Sous 24 h : panne gênante sans danger immédiat",
    "U3": "Sous 5 jours ouvrés : le reste",
}
PARTIE_COMMUNE_LABELS = {
    "hall": "Hall",
    "escalier": "Escalier",
    "palier": "Palier",
    "ascenseur": "Ascenseur",
    "cave": "Cave",
    "parking": "Parking",
    "local_poubelles": "Local poubelles",
    "espaces_verts": "Espaces verts",
    "facade_toiture": "Façade / toiture",
    "exterieur": "Extérieur",
    "autre": "Autre",
}
ORIGINE_LABELS = {"ronde": "Ronde", "locataire": "Locataire", "permanence": "Permanence"}
RESPONSABILITE_LABELS = {
    "bailleur": "Bailleur",
    "locataire": "Locataire",
    "entreprise": "Entreprise",
    "assureur": "Assureur",
}
CONTACT_CATEGORIE_LABELS = {
    "technique": "Technique",
    "loyer_charges": "Loyer / charges",
    "troubles": "Troubles",
    "administratif": "Administratif",
    "information": "Information",
    "chantier": "Chantier",
    "autre": "Autre",
}
SUITE_LABELS = {
    "reclamation": "Réclamation",
    "fait": "Fait signalé",
    "rendez_vous": "Rendez-vous",
    "aucune": "Aucune",
}


REVIEW = {"review_state": "État de revue", "review_comment": "Commentaire de revue"}


def _csv(fields: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """CSV columns: id, reception, résidence, author, then the fields, the review, the photos
    and the version."""
    return (
        ("id", "Identifiant"),
        ("created_at", "Reçu le"),
        ("residence_nom", "Résidence"),
        ("author_name", "Auteur"),
        *fields.items(),
        *REVIEW.items(),
        ("photos", "Nombre de photos"),
        ("version", "Version"),
    )


RECLAMATION_FIELDS = {
    "logement_id": "Logement",
    "batiment_id": "Bâtiment",
    "cage": "Cage",
    "etage": "Étage",
    "partie_commune": "Partie commune",
    "categorie": "Catégorie",
    "urgence": "Urgence",
    "signalee_le": "Signalée le",
    "description": "Description",
    "origine": "Origine",
    "contact_id": "Contact de permanence",
    "responsabilite": "Responsabilité",
    "entreprise": "Entreprise",
    "entreprise_reference": "Référence de l'entreprise",
    "statut": "Statut",
    "echeance": "Échéance",
}
RECLAMATION_LABELS = Labels(
    noun=Noun("réclamation", "réclamations", feminine=True),
    fields=RECLAMATION_FIELDS | REVIEW,
    choices={
        "categorie": CATEGORIE_LABELS,
        "urgence": URGENCE_LABELS,
        "partie_commune": PARTIE_COMMUNE_LABELS,
        "origine": ORIGINE_LABELS,
        "responsabilite": RESPONSABILITE_LABELS,
        "statut": STATUT_LABELS,
    },
    trailing_fields=tuple(REVIEW),
    title_dates=(("signalee_le", "signalée le"),),
    csv_name="reclamations",
    csv_columns=_csv(RECLAMATION_FIELDS),
)
EVENEMENT_FIELDS = {
    "reclamation_id": "Réclamation",
    "statut": "Statut",
    "commentaire": "Commentaire",
    "le": "Le",
}
EVENEMENT_LABELS = Labels(
    noun=Noun("évènement de réclamation", "évènements de réclamation"),
    fields=EVENEMENT_FIELDS,
    choices={"statut": STATUT_LABELS},
    kind_field="statut",
    common_fields=tuple(EVENEMENT_FIELDS),
    title_dates=(("le", "le"),),
)
PERMANENCE_FIELDS = {
    "residence_id": "Résidence",
    "site": "Site",
    "debut": "Début",
    "fin": "Fin",
    "agents": "Agents présents",
    "chantier": "Chantier en site occupé",
}
PERMANENCE_LABELS = Labels(
    noun=Noun("permanence", "permanences", feminine=True),
    fields=PERMANENCE_FIELDS,
    title_dates=(("debut", "du"),),
)
CONTACT_FIELDS = {
    "permanence_id": "Permanence",
    "heure": "Heure",
    "locataire_id": "Locataire",
    "logement_id": "Logement",
    "anonyme": "Anonyme",
    "nom": "Nom",
    "categorie": "Catégorie",
    "demande": "Demande",
    "reponse": "Réponse apportée",
    "orientation": "Orientation",
    "suite": "Suite donnée",
    "suite_id": "Enregistrement de suite",
    "rendez_vous_le": "Rendez-vous le",
    "documents_remis": "Documents remis",
    "acces_refuse": "Accès refusé",
    "nuisances_chantier": "Nuisances du chantier",
    "degats_entreprise": "Dégâts causés par l'entreprise",
    "vulnerable": "Personne vulnérable",
}
CONTACT_LABELS = Labels(
    noun=Noun("contact de permanence", "contacts de permanence"),
    fields=CONTACT_FIELDS,
    choices={"categorie": CONTACT_CATEGORIE_LABELS, "suite": SUITE_LABELS},
    title_dates=(("heure", "à"),),
)
