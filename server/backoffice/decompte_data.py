"""The états des lieux de sortie and their décomptes as stored: what the list, the décompte page,
the letter and the CSV export read (server/documents/decompte.py computes the figures)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from server.backoffice.naming import logement_label, logement_places
from server.documents.dates import LOCAL_ZONE, paris_day
from server.documents.decompte import AutreRetenue, Decompte, build_decompte, lignes_edl
from server.documents.signing import SIGNED
from server.documents.sortie import grilles_by_element, sortie_lines
from server.extensions import db
from server.models import (
    Bail,
    EdlElement,
    EtatDesLieux,
    GrilleVetuste,
    User,
)
from server.models.decompte import DecompteSortie, Retenue

SORTIE = "sortie"
ELEMENT_FIELDS = (
    "id",
    "piece",
    "element",
    "ordre",
    "etat",
    "etat_entree",
    "imputation",
    "cout",
    "installe_le",
    "grille_element",
)


@dataclass
class SortieDecompte:
    """An EDL de sortie with what the back office shows of it, and its décompte."""

    edl: EtatDesLieux
    logement: str  # "logement 101, Bâtiment A, Les Tilleuls"
    logement_code: str
    residence: str
    locataire: str  # the locataire parties' names
    bail: Bail | None
    entree: EtatDesLieux | None  # the signed entrée, None when there is none
    date_sortie: date | None
    row: DecompteSortie | None  # None until the back office first changes something
    decompte: Decompte

    @property
    def signe(self) -> bool:
        """The sortie is signed: its lines can no longer change."""
        return self.edl.statut == SIGNED


def today() -> date:
    """Today in Paris."""
    return datetime.now(LOCAL_ZONE).date()


def sorties(scope: frozenset[str] | None, residence_id: str = "") -> list[EtatDesLieux]:
    """The EDL de sortie the scope sees (one résidence when given), deleted ones left out."""
    statement = select(EtatDesLieux).where(
        EtatDesLieux.sens == SORTIE, EtatDesLieux.deleted.is_(False)
    )
    if scope is not None:
        statement = statement.where(EtatDesLieux.residence_id.in_(sorted(scope)))
    if residence_id:
        statement = statement.where(EtatDesLieux.residence_id == residence_id)
    return list(db.session.execute(statement).scalars())


def sortie_in_scope(edl_id: str, scope: frozenset[str] | None) -> EtatDesLieux | None:
    """The EDL de sortie if it exists, is not deleted and lies inside the scope."""
    edl = db.session.get(EtatDesLieux, edl_id)
    if edl is None or edl.deleted or edl.sens != SORTIE:
        return None
    if scope is not None and edl.residence_id not in scope:
        return None
    return edl


def locataires_of(edl: EtatDesLieux) -> tuple[str, str]:
    """The locataire parties' names, and the first new address they gave ("" when none)."""
    parties = [p for p in edl.parties or [] if p and p.get("role") == "locataire"]
    names = ", ".join(str(p.get("nom") or "").strip() for p in parties if p.get("nom"))
    addresses = [str(p.get("adresse") or "").strip() for p in parties]
    return names, next((a for a in addresses if a), "")


def load_decomptes(edls: list[EtatDesLieux], day: date) -> list[SortieDecompte]:
    """The décompte of each sortie as of `day`, read in a few queries whatever their number."""
    if not edls:
        return []
    ids = [e.id for e in edls]
    elements = _by(_elements(ids), "edl_id")
    rows = {r.edl_id: r for r in _all(select(DecompteSortie).where(DecompteSortie.edl_id.in_(ids)))}
    retenues = _by(
        _all(
            select(Retenue)
            .where(Retenue.decompte_id.in_([r.id for r in rows.values()]))
            .order_by(Retenue.created_at, Retenue.id)
        ),
        "decompte_id",
    )
    authors = _user_names(r.created_by for items in retenues.values() for r in items)
    entrees = _entrees(e.entree_id for e in edls)
    places = _places(e.logement_id for e in edls)
    bails = _bails(edls)
    grilles = grilles_by_element(_all(select(GrilleVetuste)))
    out = []
    for edl in edls:
        row = rows.get(edl.id)
        entree = entrees.get(edl.entree_id or "")
        items = elements.get(edl.id, [])
        lines = sortie_lines(
            {"date_edl": edl.date_edl},
            items,
            grilles,
            entree.date_edl if entree is not None else None,
        )
        bail = bails.get(edl.id)
        names, address = locataires_of(edl)
        date_sortie = paris_day(edl.date_edl)
        others = [
            AutreRetenue(r.id, r.libelle, r.montant, r.justification, authors.get(r.created_by, ""))
            for r in (retenues.get(row.id, []) if row is not None else [])
        ]
        decompte = build_decompte(
            lignes_edl(lines, items),
            sans_entree=entree is None,
            depot=bail.depot_garantie if bail is not None else 0,
            loyer=bail.loyer if bail is not None else 0,
            autres=others,
            cles_rendues_le=row.cles_rendues_le if row is not None else default_cles(edl),
            restitue_le=row.restitue_le if row is not None else None,
            nouvelle_adresse=address,
            today=day,
        )
        label, code, residence = places.get(edl.logement_id or "", ("logement inconnu", "", ""))
        out.append(
            SortieDecompte(
                edl, label, code, residence, names, bail, entree, date_sortie, row, decompte
            )
        )
    return out


def default_cles(edl: EtatDesLieux) -> date:
    """The keys' day until the back office says otherwise: the sortie's day."""
    return paris_day(edl.date_edl) or paris_day(edl.created_at) or today()


def _all(statement: Any) -> list[Any]:
    return list(db.session.execute(statement).scalars())


def _by(items: Iterable[Any], key: str) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for item in items:
        value = item[key] if isinstance(item, dict) else getattr(item, key)
        out.setdefault(value, []).append(item)
    return out


def _elements(edl_ids: list[str]) -> list[dict[str, Any]]:
    rows = _all(
        select(EdlElement).where(EdlElement.edl_id.in_(edl_ids), EdlElement.deleted.is_(False))
    )
    return [{"edl_id": r.edl_id, **{f: getattr(r, f) for f in ELEMENT_FIELDS}} for r in rows]


def _entrees(ids: Iterable[str | None]) -> dict[str, EtatDesLieux]:
    """The signed entrées among these ids (an unsigned or deleted one counts as none)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = _all(
        select(EtatDesLieux).where(
            EtatDesLieux.id.in_(wanted),
            EtatDesLieux.deleted.is_(False),
            EtatDesLieux.sens == "entree",
            EtatDesLieux.statut == SIGNED,
        )
    )
    return {r.id: r for r in rows}


def _places(ids: Iterable[str | None]) -> dict[str, tuple[str, str, str]]:
    """(label, code, résidence) of each logement."""
    return {
        lg.id: (logement_label(lg, b, r), lg.code, r.nom if r is not None else "")
        for lg, b, r in logement_places(ids)
    }


def _bails(edls: list[EtatDesLieux]) -> dict[str, Bail]:
    """Each sortie's bail: its own, else the logement's bail running on the sortie's day."""
    named = {e.bail_id for e in edls if e.bail_id}
    logements = {e.logement_id for e in edls if e.logement_id}
    rows = _all(
        select(Bail).where(
            Bail.deleted.is_(False), (Bail.id.in_(named)) | (Bail.logement_id.in_(logements))
        )
    )
    by_id = {b.id: b for b in rows}
    out = {}
    for edl in edls:
        bail = by_id.get(edl.bail_id or "") or _running(rows, edl)
        if bail is not None:
            out[edl.id] = bail
    return out


def _running(bails: list[Bail], edl: EtatDesLieux) -> Bail | None:
    day = paris_day(edl.date_edl) or date.max
    started = [b for b in bails if b.logement_id == edl.logement_id and b.debut <= day]
    return max(started, key=lambda b: b.debut, default=None)


def _user_names(ids: Iterable[int | None]) -> dict[int | None, str]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {u.id: u.name for u in _all(select(User).where(User.id.in_(wanted)))}
