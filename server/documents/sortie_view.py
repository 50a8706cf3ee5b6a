"""What the PDF of an état des lieux de sortie prints besides an entry's content (pure).

The entry's date and the tenant's new address; each element whose condition changed since the
entry, entry and exit side by side; and the vétusté of every charged element line by line, with
the totals (server/documents/sortie.py computes them).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from server.documents.dates import french_day
from server.documents.labels import ETAT_LABELS, format_euros, format_percent
from server.documents.sortie import VetusteLine, element_order, sortie_lines

SANS_ENTREE = "Sans état des lieux d'entrée signé"
IMPUTATIONS = {"degradation": "Dégradation", "usure_normale": "Usure normale"}
NBSP = "\u00a0"


def sortie_view(edl: Mapping[str, Any], elements: list[dict], context: Mapping[str, Any]) -> dict:
    """The sortie's parts of the PDF view (empty lists for an entry)."""
    if edl.get("sens") != "sortie":
        return {"sans_entree": "", "nouvelle_adresse": "", "changements": [], "vetuste": None}
    date_entree = context.get("date_entree")
    entree_elements = context.get("entree_elements") or {}
    computed = sortie_lines(edl, elements, context.get("grilles") or {}, date_entree)
    return {
        "sans_entree": "" if date_entree else SANS_ENTREE,
        "nouvelle_adresse": _nouvelle_adresse(edl),
        "changements": [
            _changement(e, entree_elements.get(e.get("entree_element_id")) or {})
            for e in sorted(elements, key=element_order)
            if e.get("etat_entree") is not None and e.get("etat") != e.get("etat_entree")
        ],
        "vetuste": {
            "lignes": [_ligne(line) for line in computed.lines],
            "total_cout": format_euros(computed.total_cout),
            "total_locataire": format_euros(computed.total_locataire),
            "total_bailleur": format_euros(computed.total_bailleur),
            "sortie_le": french_day(computed.sortie_le) if computed.sortie_le else "",
        },
    }


def _nouvelle_adresse(edl: Mapping[str, Any]) -> str:
    for partie in edl.get("parties") or []:
        if partie and partie.get("role") == "locataire" and (partie.get("adresse") or "").strip():
            return str(partie["adresse"])
    return ""


def _changement(element: Mapping[str, Any], entree: Mapping[str, Any]) -> dict[str, str]:
    return {
        "piece": str(element.get("piece") or ""),
        "element": str(element.get("element") or ""),
        "entree": ETAT_LABELS.get(element.get("etat_entree"), "—"),
        "entree_observations": str(entree.get("observations") or ""),
        "sortie": ETAT_LABELS.get(element.get("etat"), "—"),
        "sortie_observations": str(element.get("observations") or ""),
    }


def _years(count: int) -> str:
    return f"{count} an" if count in (0, 1) else f"{count} ans"


def _ligne(line: VetusteLine) -> dict[str, str]:
    """One charged element: its amounts and, in words, how the tenant's share was reached."""
    return {
        "piece": line.piece,
        "element": line.element,
        "imputation": IMPUTATIONS.get(line.imputation, line.imputation),
        "grille": line.grille.element if line.grille else "—",
        "installe_le": french_day(line.installe_le) if line.installe_le else "—",
        "age": _years(line.age) if line.age is not None else "—",
        "taux": format_percent(line.taux_locataire),
        "cout": format_euros(line.cout),
        "part_locataire": format_euros(line.part_locataire),
        "part_bailleur": format_euros(line.part_bailleur),
        "calcul": line.remarque or _calcul(line),
    }


def _calcul(line: VetusteLine) -> str:
    if line.imputation != "degradation":
        return "Usure normale : rien n'est à la charge du locataire."
    grille, age = line.grille, line.age
    assert grille is not None and age is not None
    usure = Decimal(1) - grille.abattement_annuel * max(0, age - grille.franchise)
    return (
        f"Grille « {grille.element} » : durée de vie {_years(grille.duree_vie)}, franchise "
        f"{_years(grille.franchise)}, abattement {format_percent(grille.abattement_annuel)} par "
        f"an, part résiduelle {format_percent(grille.part_residuelle)}. Âge {_years(age)} : "
        f"max({format_percent(grille.part_residuelle)} ; 100{NBSP}% − "
        f"{format_percent(grille.abattement_annuel)} × {max(0, age - grille.franchise)}) = "
        f"max({format_percent(grille.part_residuelle)} ; {format_percent(usure)}) = "
        f"{format_percent(line.taux_locataire)} de {format_euros(line.cout)} = "
        f"{format_euros(line.part_locataire)}."
    )
