"""The procedure of a troubles de voisinage dossier (DOMAIN.md, DESIGN.md §9): where it stands.

Pure: the dossier page (server and tablet) shows the furthest step reached by the dossier's
entretiens (by the interviewee's role) and démarches (by type), and the next one as a sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

STEPS = (
    "qualification",
    "entretien_plaignant",
    "rappel_bail",
    "entretien_mis_en_cause",
    "mediation",
    "mise_en_demeure",
    "partenaires",
    "contentieux",
)
CLOTURE = "cloture"
# what the dossier page (server and tablet) calls the step reached
STEP_NAMES = {
    "qualification": "Qualification du trouble",
    "entretien_plaignant": "Entretien avec le plaignant",
    "rappel_bail": "Rappel au bail",
    "entretien_mis_en_cause": "Entretien avec le mis en cause",
    "mediation": "Médiation ou confrontation",
    "mise_en_demeure": "Mise en demeure",
    "partenaires": "Partenaires saisis",
    "contentieux": "Contentieux",
    CLOTURE: "Clôturé",
}
# démarche types that are a referral to partners (police, conciliateur, mairie, social services)
PARTENAIRES = frozenset(
    {
        "police",
        "conciliateur",
        "mairie",
        "services_sociaux",
        "secteur_psychiatrique",
    }
)
STEP_OF_ROLE = {"plaignant": "entretien_plaignant", "mis_en_cause": "entretien_mis_en_cause"}
STEP_OF_TYPE = {
    "rappel_bail": "rappel_bail",
    "mediation": "mediation",
    "confrontation": "mediation",
    "mise_en_demeure": "mise_en_demeure",
    "contentieux": "contentieux",
    **{kind: "partenaires" for kind in PARTENAIRES},
}
NEXT_SENTENCE = {
    "entretien_plaignant": "Prochaine étape : entretien avec le plaignant.",
    "rappel_bail": "Prochaine étape : rappel au bail au mis en cause.",
    "entretien_mis_en_cause": "Prochaine étape : entretien avec le mis en cause.",
    "mediation": "Prochaine étape : médiation ou confrontation entre les parties.",
    "mise_en_demeure": "Prochaine étape : mise en demeure du mis en cause.",
    "partenaires": "Prochaine étape : saisir les partenaires (police, conciliateur, mairie, "
    "services sociaux).",
    "contentieux": "Prochaine étape : transmission au contentieux ou clôture du dossier.",
}
CLOSED_SENTENCE = "Dossier clos : aucune étape à venir."
URGENT_QUALIFICATIONS = frozenset({"danger_immediat", "infraction"})
POLICE_SENTENCE = "Appelez la police (17) maintenant."
NIGHT_START, NIGHT_END = 22, 7


def etape_courante(
    entretien_roles: Iterable[str | None], demarche_types: Iterable[str | None]
) -> tuple[str, str | None, str]:
    """(current step, next step or None, French sentence) of a dossier from its live entretiens'
    roles and démarches' types (order does not matter)."""
    types = set(demarche_types)
    reached = {STEP_OF_ROLE.get(role or "") for role in entretien_roles}
    reached |= {STEP_OF_TYPE.get(kind or "") for kind in types}
    if CLOTURE in types:
        return CLOTURE, None, CLOSED_SENTENCE
    rank = max((STEPS.index(step) for step in reached if step is not None), default=0)
    if rank == len(STEPS) - 1:
        return STEPS[rank], None, CLOSED_SENTENCE
    following = STEPS[rank + 1]
    return STEPS[rank], following, NEXT_SENTENCE[following]


def alerte(qualification: str | None) -> str | None:
    """The sentence shown on a dossier qualified as an immediate danger or an offence."""
    return POLICE_SENTENCE if qualification in URGENT_QUALIFICATIONS else None


def est_nuit(survenu_le: str) -> bool:
    """Whether a fait happened at night (22 h to 7 h, the time as written in `survenu_le`)."""
    hour = datetime.fromisoformat(survenu_le.replace("Z", "+00:00")).hour
    return hour >= NIGHT_START or hour < NIGHT_END
