"""The réclamation page's forms — Qualifier, Affecter, Changer le statut — as typed, with a
French message per field, and the statut each one steps the réclamation to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from server.backoffice.inputs import parse_datetime
from sync.reclamation import CATEGORIES, STATUTS

URGENCES = ("U1", "U2", "U3")
RESPONSABILITES = ("bailleur", "locataire", "entreprise", "assureur")
ENTREPRISE_MAX = 200
REFERENCE_MAX = 100
COMMENTAIRE_MAX = 1000
SAISIE = "saisie"


@dataclass
class QualifierForm:
    """Urgence, catégorie and responsabilité of a réclamation."""

    urgence: str = ""
    categorie: str = ""
    responsabilite: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, form: Mapping[str, str]) -> QualifierForm:
        """Check what was posted; `errors` is empty when it can be saved."""
        parsed = cls(*(form.get(n, "").strip() for n in ("urgence", "categorie", "responsabilite")))
        if parsed.urgence not in URGENCES:
            parsed.errors["urgence"] = "Choisissez l'urgence : U1, U2 ou U3."
        if parsed.categorie not in CATEGORIES:
            parsed.errors["categorie"] = "Choisissez une catégorie de la liste."
        if parsed.responsabilite and parsed.responsabilite not in RESPONSABILITES:
            parsed.errors["responsabilite"] = "Choisissez une responsabilité de la liste."
        return parsed

    def changes(self) -> dict[str, Any]:
        """The réclamation's fields this form writes."""
        return {
            "urgence": self.urgence,
            "categorie": self.categorie,
            "responsabilite": self.responsabilite or None,
        }


@dataclass
class AffecterForm:
    """The contractor of a réclamation and its order or ticket number."""

    entreprise: str = ""
    entreprise_reference: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, form: Mapping[str, str]) -> AffecterForm:
        """Check what was posted; `errors` is empty when it can be saved."""
        parsed = cls(
            form.get("entreprise", "").strip(), form.get("entreprise_reference", "").strip()
        )
        if not parsed.entreprise:
            parsed.errors["entreprise"] = "Nom de l'entreprise obligatoire."
        elif len(parsed.entreprise) > ENTREPRISE_MAX:
            parsed.errors["entreprise"] = f"Nom trop long ({ENTREPRISE_MAX} caractères au plus)."
        if len(parsed.entreprise_reference) > REFERENCE_MAX:
            parsed.errors["entreprise_reference"] = (
                f"Référence trop longue ({REFERENCE_MAX} caractères au plus)."
            )
        return parsed

    def changes(self) -> dict[str, Any]:
        """The réclamation's fields this form writes."""
        return {
            "entreprise": self.entreprise,
            "entreprise_reference": self.entreprise_reference or None,
        }


@dataclass
class StatutForm:
    """The next statut, a comment, and when it happened (now when left empty)."""

    statut: str = ""
    commentaire: str = ""
    le: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    moment: str = ""  # `le` as ISO 8601 with its offset

    @classmethod
    def parse(cls, form: Mapping[str, str], now_iso: str) -> StatutForm:
        """Check what was posted; the engine then says whether the statut follows the current
        one (transition_interdite)."""
        parsed = cls(*(form.get(n, "").strip() for n in ("statut", "commentaire", "le")))
        if parsed.statut not in STATUTS or parsed.statut == SAISIE:
            parsed.errors["statut"] = "Choisissez le nouveau statut."
        if len(parsed.commentaire) > COMMENTAIRE_MAX:
            parsed.errors["commentaire"] = (
                f"Commentaire trop long ({COMMENTAIRE_MAX} caractères au plus)."
            )
        if not parsed.le:
            parsed.moment = now_iso
        else:
            try:
                parsed.moment = parse_datetime(parsed.le)
            except ValueError as err:
                parsed.errors["le"] = str(err)
        return parsed
