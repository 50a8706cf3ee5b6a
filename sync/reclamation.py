"""The life of a réclamation (DOMAIN.md, DESIGN.md §9): its statuts, the steps allowed from each,
its categories and the urgence suggested for each.

Pure, mirrored in pwa/src/reclamations/statut.js: the server refuses an évènement whose statut
does not follow the current one (`transition_interdite`), the field app offers only those.
"""

from __future__ import annotations

STATUTS = (
    "saisie",
    "qualifiee",
    "affectee",
    "planifiee",
    "en_cours",
    "realisee",
    "controlee",
    "cloturee",
    "en_attente",
    "rejetee",
    "transferee",
    "reouverte",
)
CLOSED_STATUTS = frozenset({"cloturee", "rejetee", "transferee"})
OPEN_STATUTS = tuple(s for s in STATUTS if s not in CLOSED_STATUTS)
STATUT_LABELS = {
    "saisie": "Saisie",
    "qualifiee": "Qualifiée",
    "affectee": "Affectée",
    "planifiee": "Planifiée",
    "en_cours": "En cours",
    "realisee": "Réalisée",
    "controlee": "Contrôlée",
    "cloturee": "Clôturée",
    "en_attente": "En attente",
    "rejetee": "Rejetée",
    "transferee": "Transférée",
    "reouverte": "Réouverte",
}
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "saisie": ("qualifiee", "en_attente", "rejetee", "transferee"),
    "qualifiee": ("affectee", "planifiee", "en_attente", "rejetee", "transferee"),
    "affectee": ("planifiee", "en_cours", "en_attente", "transferee"),
    "planifiee": ("en_cours", "en_attente"),
    "en_cours": ("realisee", "en_attente"),
    "realisee": ("controlee", "reouverte"),
    "controlee": ("cloturee", "reouverte"),
    "en_attente": ("qualifiee", "affectee", "planifiee", "en_cours", "rejetee"),
    "reouverte": ("qualifiee", "affectee", "planifiee", "en_cours"),
    "cloturee": ("reouverte",),
    "rejetee": ("reouverte",),
    "transferee": ("reouverte",),
}
CATEGORIES = (
    "plomberie",
    "electricite",
    "chauffage",
    "serrurerie",
    "ventilation_humidite",
    "nuisibles",
    "ascenseur",
    "eclairage",
    "proprete_encombrants",
    "securite_gaz_incendie",
    "vandalisme_tags",
    "trouble_voisinage",
    "administratif",
)
URGENCES = ("U1", "U2", "U3")
SUGGESTED_URGENCE = {
    "securite_gaz_incendie": "U1",
    "plomberie": "U2",
    "electricite": "U2",
    "chauffage": "U2",
    "serrurerie": "U2",
    "ascenseur": "U2",
}


def next_statuts(current: str) -> tuple[str, ...]:
    """The statuts a réclamation may take next from `current` (none for an unknown statut)."""
    return TRANSITIONS.get(current, ())


def follows(current: str, new: str) -> bool:
    """Whether a réclamation may go from statut `current` to `new`."""
    return new in next_statuts(current)


def suggested_urgence(categorie: str) -> str:
    """The urgence the field app suggests for a category (the user decides)."""
    return SUGGESTED_URGENCE.get(categorie, "U3")


def transition_refusal(current: str, new: str) -> str:
    """The French message refusing a step from `current` to `new`."""
    possible = ", ".join(STATUT_LABELS[s] for s in next_statuts(current))
    return (
        f"Passage de « {STATUT_LABELS.get(current, current)} » à "
        f"« {STATUT_LABELS.get(new, new)} » impossible : étapes possibles : {possible}."
    )


# statuts past the assignment: changing the contractor then is an edit, not a step
ASSIGNED = frozenset({"affectee", "planifiee", "en_cours", "realisee", "controlee"})


def qualification_step(statut: str) -> str | None:
    """The statut a qualification steps to: qualifiée from saisie or réouverte, else none."""
    return "qualifiee" if statut in ("saisie", "reouverte") else None


def affectation_step(statut: str) -> str | None:
    """The statut an assignment steps to: affectée, unless the réclamation is already past it
    (where the step does not follow, it is refused with transition_interdite)."""
    return None if statut in ASSIGNED else "affectee"
