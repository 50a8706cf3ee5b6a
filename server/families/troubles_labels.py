"""How the back office names the troubles family's records and shows their fields (French)."""

from __future__ import annotations

from server.families.declaration import Labels, Noun

REVIEW = {"review_state": "État de revue", "review_comment": "Commentaire de revue"}
TRAILING = tuple(REVIEW)
NATURE_LABELS = {
    "bruit": "Bruit",
    "odeurs": "Odeurs",
    "degradations": "Dégradations",
    "incivilites": "Incivilités",
    "menaces": "Menaces",
    "violences": "Violences",
    "occupation_parties_communes": "Occupation des parties communes",
    "animaux": "Animaux",
    "stationnement": "Stationnement",
    "autre": "Autre",
}
QUALIFICATION_LABELS = {
    "trouble_voisinage": "Trouble de voisinage",
    "danger_immediat": "Danger immédiat",
    "infraction": "Infraction",
}
DEMARCHE_TYPE_LABELS = {
    "rappel_bail": "Rappel au bail",
    "mise_en_demeure": "Mise en demeure",
    "mediation": "Médiation",
    "confrontation": "Confrontation",
    "police": "Police",
    "conciliateur": "Conciliateur de justice",
    "mairie": "Mairie",
    "services_sociaux": "Services sociaux",
    "secteur_psychiatrique": "Secteur psychiatrique",
    "contentieux": "Transmission au contentieux",
    "cloture": "Clôture",
}
ROLE_LABELS = {"plaignant": "Plaignant", "mis_en_cause": "Mis en cause", "temoin": "Témoin"}
ISSUE_LABELS = {"resolu": "Résolu", "sans_suite": "Sans suite"}


def _csv(fields: dict[str, str], *, place: str = "residence_nom") -> tuple[tuple[str, str], ...]:
    """CSV columns: id, reception, résidence, author, then the fields, the review, the version."""
    shown = tuple((name, label) for name, label in fields.items() if name not in REVIEW)
    return (
        ("id", "Identifiant"),
        ("created_at", "Reçu le"),
        (place, "Résidence"),
        ("author_name", "Auteur"),
        *shown,
        *REVIEW.items(),
        ("photos", "Nombre de photos"),
        ("version", "Version"),
    )


DOSSIER_FIELDS = {
    "logement_id": "Logement du mis en cause",
    "nature": "Nature des troubles",
    "depuis": "Depuis le",
    "frequence": "Fréquence",
    "menages_concernes": "Ménages concernés",
    "qualification": "Qualification",
    "description": "Description",
    "ouvert_le": "Ouvert le",
    "cloture": "Clôture",
    "etat": "État du dossier",
    **REVIEW,
}
DOSSIER_LABELS = Labels(
    noun=Noun("dossier de troubles", "dossiers de troubles"),
    fields=DOSSIER_FIELDS,
    choices={
        "qualification": QUALIFICATION_LABELS,
        "frequence": {
            "ponctuel": "Ponctuel",
            "hebdomadaire": "Hebdomadaire",
            "quotidien": "Quotidien",
            "permanent": "Permanent",
        },
        "cloture": {**ISSUE_LABELS, "contentieux": "Contentieux"},
        "etat": {"ouvert": "Ouvert", "clos": "Clos"},
    },
    trailing_fields=TRAILING,
    title_dates=(("ouvert_le", "ouvert le"),),
    csv_name="dossiers_troubles",
    csv_columns=_csv(DOSSIER_FIELDS),
)
FAIT_FIELDS = {
    "logement_id": "Logement",
    "dossier_id": "Dossier de troubles",
    "survenu_le": "Survenu le",
    "fin_le": "Fin le",
    "nature": "Nature",
    "intensite": "Intensité",
    "signale_par": "Signalé par",
    "temoins": "Témoins",
    "description": "Description",
    "nuit": "La nuit (22 h – 7 h)",
    **REVIEW,
}
FAIT_LABELS = Labels(
    noun=Noun("fait", "faits"),
    fields=FAIT_FIELDS,
    choices={
        "nature": NATURE_LABELS,
        "intensite": {"faible": "Faible", "moyenne": "Moyenne", "forte": "Forte"},
    },
    trailing_fields=TRAILING,
    title_dates=(("survenu_le", "survenu le"),),
    csv_name="faits_troubles",
    csv_columns=_csv(FAIT_FIELDS),
)
ENTRETIEN_FIELDS = {
    "dossier_id": "Dossier de troubles",
    "date": "Date",
    "lieu": "Lieu",
    "mene_par": "Mené par",
    "role": "Qualité de la personne entendue",
    "personne": "Personne entendue",
    "faits_declares": "Faits déclarés",
    "preuves_remises": "Preuves remises",
    "demarches_deja": "Démarches déjà faites",
    "version_autre_partie": "Version de l'autre partie",
    "engagements": "Engagements",
    "information_donnee": "Notice d'information remise",
    "prochaine_action": "Prochaine action",
    **REVIEW,
}
ENTRETIEN_LABELS = Labels(
    noun=Noun("entretien", "entretiens"),
    fields=ENTRETIEN_FIELDS,
    choices={"role": ROLE_LABELS},
    kind_field="role",
    common_fields=tuple(n for n in ENTRETIEN_FIELDS if n not in REVIEW),
    trailing_fields=TRAILING,
    title_dates=(("date", "du"),),
    counted={"engagements": "engagement(s)"},
    csv_name="entretiens_troubles",
    csv_columns=_csv(ENTRETIEN_FIELDS),
)
DEMARCHE_FIELDS = {
    "dossier_id": "Dossier de troubles",
    "type": "Type de démarche",
    "date": "Date",
    "details": "Détails",
    "delai": "Délai accordé jusqu'au",
    "consequences": "Conséquences annoncées",
    "issue": "Issue",
    **REVIEW,
}
DEMARCHE_LABELS = Labels(
    noun=Noun("démarche", "démarches", feminine=True),
    fields=DEMARCHE_FIELDS,
    choices={"type": DEMARCHE_TYPE_LABELS, "issue": ISSUE_LABELS},
    kind_field="type",
    common_fields=tuple(n for n in DEMARCHE_FIELDS if n not in REVIEW),
    trailing_fields=TRAILING,
    title_dates=(("date", "du"),),
    csv_name="demarches_troubles",
    csv_columns=_csv(DEMARCHE_FIELDS),
)
ATTESTATION_FIELDS = {
    "dossier_id": "Dossier de troubles",
    "nom": "Nom",
    "prenom": "Prénom",
    "date_naissance": "Date de naissance",
    "lieu_naissance": "Lieu de naissance",
    "adresse": "Adresse",
    "profession": "Profession",
    "lien_parties": "Lien avec les parties",
    "faits": "Faits constatés personnellement",
    "fait_a": "Fait à",
    "fait_le": "Fait le",
    "piece_identite": "Copie de la pièce d'identité jointe",
    "mention_legale": "Mention légale portée à la connaissance du témoin",
    "statut": "Statut",
    "content_hash": "Empreinte du contenu signé",
    **REVIEW,
}
ATTESTATION_LABELS = Labels(
    noun=Noun("attestation de témoin", "attestations de témoin", feminine=True),
    fields=ATTESTATION_FIELDS,
    choices={"statut": {"brouillon": "Brouillon", "signe": "Signée"}},
    trailing_fields=TRAILING,
    title_dates=(("fait_le", "faite le"),),
    csv_name="attestations_temoin",
    csv_columns=_csv(ATTESTATION_FIELDS),
)
