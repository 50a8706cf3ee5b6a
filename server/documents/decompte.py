"""The décompte de sortie (DOMAIN.md, Solde de tout compte): what is retained on the deposit and
why, what comes back or is still owed, the legal deadline and the late penalty.

Figures only, from plain values (no database, no request): the back-office page, the letter to the
tenant and the CSV export all print what `build_decompte` returns. The formulas are sync/solde.py's
and sync/vetuste.py's (through the sortie's vétusté lines); amounts are Decimal throughout.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from server.documents.labels import ETAT_LABELS, IMPUTATION_LABELS, format_euros
from server.documents.sortie import SortieLines
from sync.solde import Solde, echeance_restitution, majoration, mois_de_retard, solde
from sync.vetuste import CENT, to_decimal

A_RESTITUER = "a_restituer"
EN_RETARD = "en_retard"
RESTITUE = "restitue"
STATUT_LABELS = {A_RESTITUER: "À restituer", EN_RETARD: "En retard", RESTITUE: "Restitué"}
SOON_DAYS = 7  # a deadline this close is highlighted in the list
SANS_ENTREE = (
    "Aucun état des lieux d'entrée signé : le logement est présumé avoir été reçu en bon état "
    "(art. 1731 du Code civil), les dégradations ne peuvent pas être comparées."
)
SANS_ADRESSE = "Aucune majoration n'est due : le locataire n'a pas donné de nouvelle adresse."
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LigneEdl:
    """A charged element of the EDL de sortie: the change seen and its vétusté."""

    piece: str
    element: str
    etat_entree: str  # French label, "" when unknown
    etat_sortie: str
    imputation: str  # "degradation" | "usure_normale"
    grille: str  # the grille line's element, "" without one
    installe_le: date | None
    age: int | None  # whole years, None when no vétusté was computed
    taux_locataire: Decimal  # fraction 0..1 of the cost left to the tenant
    cout: Decimal
    part_locataire: Decimal
    part_bailleur: Decimal
    remarque: str  # why no vétusté applies, "" otherwise

    @property
    def imputation_label(self) -> str:
        """The imputation in French."""
        return IMPUTATION_LABELS.get(self.imputation, self.imputation)


def lignes_edl(lines: SortieLines, elements: Iterable[Mapping[str, Any]]) -> list[LigneEdl]:
    """The décompte's lines: the sortie's vétusté lines with each element's entry and exit
    condition."""
    by_id = {str(e.get("id")): e for e in elements}
    out = []
    for line in lines.lines:
        element = by_id.get(str(line.element_id), {})
        out.append(
            LigneEdl(
                piece=line.piece,
                element=line.element,
                etat_entree=ETAT_LABELS.get(element.get("etat_entree") or "", ""),
                etat_sortie=ETAT_LABELS.get(element.get("etat") or "", ""),
                imputation=line.imputation,
                grille=line.grille.element if line.grille is not None else "",
                installe_le=line.installe_le,
                age=line.age,
                taux_locataire=line.taux_locataire,
                cout=line.cout,
                part_locataire=line.part_locataire,
                part_bailleur=line.part_bailleur,
                remarque=line.remarque,
            )
        )
    return out


@dataclass(frozen=True)
class AutreRetenue:
    """A justified sum the back office retains besides the EDL's lines."""

    id: str
    libelle: str
    montant: Decimal
    justification: str
    ajoutee_par: str = ""


@dataclass(frozen=True)
class Decompte:
    """Every figure of a sortie's décompte, and where it stands today."""

    sans_entree: bool  # no signed entrée: EDL lines are shown but never retained
    depot: Decimal
    loyer: Decimal
    lignes: list[LigneEdl]
    retenu_edl: Decimal  # the tenant's shares of the EDL lines (0 without an entrée)
    autres: list[AutreRetenue]
    retenu_autres: Decimal
    solde: Solde
    conforme: bool
    cles_rendues_le: date
    echeance: date
    restitue_le: date | None
    nouvelle_adresse: str
    jours_de_retard: int
    mois_de_retard: int
    majoration: Decimal
    statut: str  # A_RESTITUER | EN_RETARD | RESTITUE
    bientot: bool  # still to return and the deadline is within SOON_DAYS

    @property
    def majoration_exclue(self) -> bool:
        """Late, yet no penalty because the tenant gave no new address."""
        return self.jours_de_retard > 0 and not self.nouvelle_adresse


def build_decompte(
    lignes: Sequence[LigneEdl],
    sans_entree: bool,
    depot: object,
    loyer: object,
    autres: Iterable[AutreRetenue],
    cles_rendues_le: date,
    restitue_le: date | None,
    nouvelle_adresse: str,
    today: date,
) -> Decompte:
    """The décompte of a sortie from its EDL lines, the bail's figures, the other sums retained,
    the keys' and restitution's dates and today.

    Without a signed entrée no EDL line is retained (nothing to compare with), so only the other
    sums can make the sortie non conforme and its deadline two months.
    """
    others = list(autres)
    retained_lines = ZERO if sans_entree else _total(line.part_locataire for line in lignes)
    retained_others = _total(r.montant for r in others)
    degradation = not sans_entree and any(
        line.imputation == "degradation" and line.cout > 0 for line in lignes
    )
    conforme = not degradation and not any(r.montant > 0 for r in others)
    echeance = echeance_restitution(cles_rendues_le, conforme)
    reference = restitue_le or today
    late_days = max(0, (reference - echeance).days)
    months = mois_de_retard(echeance, reference)
    address = nouvelle_adresse.strip()
    penalty = majoration(echeance, reference, loyer, bool(address)) if late_days else ZERO
    statut = RESTITUE if restitue_le is not None else EN_RETARD if late_days else A_RESTITUER
    return Decompte(
        sans_entree=sans_entree,
        depot=_cents(depot),
        loyer=_cents(loyer),
        lignes=list(lignes),
        retenu_edl=retained_lines,
        autres=others,
        retenu_autres=retained_others,
        solde=solde(depot, [retained_lines, *(r.montant for r in others)]),
        conforme=conforme,
        cles_rendues_le=cles_rendues_le,
        echeance=echeance,
        restitue_le=restitue_le,
        nouvelle_adresse=address,
        jours_de_retard=late_days,
        mois_de_retard=months,
        majoration=penalty,
        statut=statut,
        bientot=statut == A_RESTITUER and (echeance - today).days <= SOON_DAYS,
    )


def statut_text(decompte: Decompte) -> str:
    """Where the restitution stands, in one French sentence fragment."""
    if decompte.statut == RESTITUE:
        assert decompte.restitue_le is not None
        text = f"Restitué le {format_date(decompte.restitue_le)}"
        if decompte.jours_de_retard:
            text += f", avec {_jours(decompte.jours_de_retard)} de retard ({_penalty(decompte)})"
        return text
    if decompte.statut == EN_RETARD:
        return f"En retard de {_jours(decompte.jours_de_retard)} ({_penalty(decompte)})"
    return f"À restituer avant le {format_date(decompte.echeance)}"


def _penalty(decompte: Decompte) -> str:
    if decompte.majoration_exclue:
        return "pas de majoration : aucune nouvelle adresse"
    return f"majoration {format_euros(decompte.majoration)}"


def _jours(days: int) -> str:
    return f"{days} jour" if days == 1 else f"{days} jours"


def _cents(value: object) -> Decimal:
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _total(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO).quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(amount: Decimal) -> str:
    """An amount as the CSV exports write numbers: "1234,50"."""
    return f"{amount:.2f}".replace(".", ",")


def format_date(day: date | None) -> str:
    """A date the French way: "31/03/2026" ("—" when unknown)."""
    return day.strftime("%d/%m/%Y") if day is not None else "—"
