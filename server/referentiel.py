"""Importing the référentiel: resolve references, plan the changes, apply them at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update

from server.engine.changes import log_changes, server_hlc
from server.extensions import db
from server.models import Bail, Batiment, GrilleVetuste, Locataire, Logement, Residence, Secteur
from server.referentiel_io import FILES, ParsedReferentiel, RowError, stable_id

MODELS: dict[str, Any] = {
    "residence": Residence,
    "batiment": Batiment,
    "logement": Logement,
    "locataire": Locataire,
    "bail": Bail,
    "grille_vetuste": GrilleVetuste,
}
ORDER = ["residence", "batiment", "logement", "locataire", "bail", "grille_vetuste"]
FILE_OF = {entity: name for name, (entity, _r, _o) in FILES.items()}
COMPARED = {
    "residence": ("code", "nom", "adresse", "code_postal", "ville", "secteur_id", "secteur_code"),
    "batiment": ("code", "nom", "adresse", "etages", "residence_id"),
    "logement": (
        "code",
        "batiment_id",
        "numero",
        "etage",
        "typologie",
        "surface",
        "nature",
        "renouvellements",
        "residence_id",
    ),
    "locataire": ("code", "nom", "prenom", "telephone", "email", "residence_id"),
    "bail": (
        "code",
        "logement_id",
        "type",
        "debut",
        "fin",
        "loyer",
        "depot_garantie",
        "locataire_ids",
        "residence_id",
    ),
    "grille_vetuste": ("element", "duree_vie", "franchise", "abattement_annuel", "part_residuelle"),
}


@dataclass
class ImportPlan:
    """What an import would do: records to create and update per entity, and bad rows."""

    creates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    updates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    secteurs: list[dict[str, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts per entity: créés, modifiés, inchangés."""
        return {
            entity: {
                "crees": len(self.creates.get(entity, [])),
                "modifies": len(self.updates.get(entity, [])),
                "inchanges": self.unchanged.get(entity, 0),
            }
            for entity in ORDER
            if entity in self.creates or entity in self.updates or entity in self.unchanged
        }


class _Resolver:
    """Finds ids and résidences of referenced records, in the file or already stored."""

    def __init__(self, parsed: ParsedReferentiel) -> None:
        self.residence_of: dict[str, dict[str, str | None]] = {e: {} for e in ORDER}
        for entity in ("batiment", "logement", "locataire"):
            model = MODELS[entity]
            for rid, res in db.session.execute(select(model.id, model.residence_id)):
                self.residence_of[entity][rid] = res
        for (rid,) in db.session.execute(select(Residence.id)):
            self.residence_of["residence"][rid] = rid
        self.parsed = parsed

    def ref(self, entity: str, code: str) -> str | None:
        rid = stable_id(entity, code)
        return rid if rid in self.residence_of[entity] else None


def _resolve(parsed: ParsedReferentiel, plan: ImportPlan) -> dict[str, list[dict[str, Any]]]:
    resolver = _Resolver(parsed)
    resolved: dict[str, list[dict[str, Any]]] = {}
    secteur_ids = {code: sid for sid, code in db.session.execute(select(Secteur.id, Secteur.code))}
    for entity in ORDER:
        out = resolved.setdefault(entity, [])
        for row in parsed.rows.get(entity, []):
            values, problem = _resolve_row(entity, row, resolver, secteur_ids, plan)
            if problem:
                plan.errors.append(RowError(FILE_OF[entity], row["_line"], problem))
                continue
            out.append(values)
            resolver.residence_of[entity][values["id"]] = values.get("residence_id")
    return resolved


def _resolve_row(
    entity: str,
    row: dict[str, Any],
    resolver: _Resolver,
    secteur_ids: dict[str, str],
    plan: ImportPlan,
) -> tuple[dict[str, Any], str | None]:
    values = {k: v for k, v in row.items() if not k.startswith("_")}
    key = row["element"] if entity == "grille_vetuste" else row["code"]
    values["id"] = stable_id(entity, key)
    if entity == "residence":
        code = values.pop("secteur_code")
        nom = values.pop("secteur_nom", "") or code
        if code not in secteur_ids:
            secteur_ids[code] = stable_id("secteur", code)
            plan.secteurs.append({"id": secteur_ids[code], "code": code, "nom": nom})
        values.update(secteur_id=secteur_ids[code], secteur_code=code, residence_id=values["id"])
    elif entity == "batiment":
        parent = resolver.ref("residence", values.pop("residence_code"))
        if parent is None:
            return values, f"résidence inconnue « {row['residence_code']} »"
        values["residence_id"] = parent
    elif entity == "logement":
        parent = resolver.ref("batiment", values.pop("batiment_code"))
        if parent is None:
            return values, f"bâtiment inconnu « {row['batiment_code']} »"
        values.update(batiment_id=parent, residence_id=resolver.residence_of["batiment"][parent])
    elif entity == "locataire":
        values["residence_id"] = resolver.residence_of["locataire"].get(values["id"])
    elif entity == "bail":
        parent = resolver.ref("logement", values.pop("logement_code"))
        if parent is None:
            return values, f"logement inconnu « {row['logement_code']} »"
        ids = []
        for code in values.pop("locataire_codes"):
            tenant = resolver.ref("locataire", code)
            if tenant is None:
                return values, f"locataire inconnu « {code} »"
            ids.append(tenant)
        residence = resolver.residence_of["logement"][parent]
        for tenant in ids:
            resolver.residence_of["locataire"][tenant] = residence
        values.update(logement_id=parent, locataire_ids=ids, residence_id=residence)
    else:
        values["residence_id"] = None
    return values, None


def plan_import(parsed: ParsedReferentiel) -> ImportPlan:
    """Compare parsed rows with what is stored; nothing is written."""
    plan = ImportPlan(errors=list(parsed.errors))
    resolved = _resolve(parsed, plan)
    tenant_residence = {}
    for bail in resolved.get("bail", []):
        for tenant in bail["locataire_ids"]:
            tenant_residence[tenant] = bail["residence_id"]
    for row in resolved.get("locataire", []):
        row["residence_id"] = tenant_residence.get(row["id"], row.get("residence_id"))
    for entity in ORDER:
        model = MODELS[entity]
        rows = resolved.get(entity, [])
        ids = [r["id"] for r in rows]
        stored = {}
        for chunk in range(0, len(ids), 500):
            for rec in db.session.execute(
                select(model).where(model.id.in_(ids[chunk : chunk + 500]))
            ).scalars():
                stored[rec.id] = rec
        for row in rows:
            current = stored.get(row["id"])
            if current is None:
                plan.creates.setdefault(entity, []).append(row)
            elif any(_differs(getattr(current, c), row.get(c)) for c in COMPARED[entity]):
                row["version"] = current.version + 1
                plan.updates.setdefault(entity, []).append(row)
            else:
                plan.unchanged[entity] = plan.unchanged.get(entity, 0) + 1
    return plan


def _differs(stored: Any, new: Any) -> bool:
    if isinstance(stored, float) or isinstance(new, float):
        return abs(float(stored or 0) - float(new or 0)) > 1e-9
    if stored is not None and new is not None and type(stored) is not type(new):
        return str(stored) != str(new)
    return stored != new


def _stored_residences(model: Any, ids: list[str]) -> dict[str, str | None]:
    """The résidence each of these records has now (one query per 500 records)."""
    out: dict[str, str | None] = {}
    for start in range(0, len(ids), 500):
        query = select(model.id, model.residence_id).where(model.id.in_(ids[start : start + 500]))
        out.update({rid: residence for rid, residence in db.session.execute(query)})
    return out


def apply_import(plan: ImportPlan) -> dict[str, dict[str, int]]:
    """Write a plan without errors in the current transaction and log the changes."""
    if plan.errors:
        raise ValueError("an import plan with errors cannot be applied")
    hlc = server_hlc()
    if plan.secteurs:
        db.session.execute(insert(Secteur), plan.secteurs)
    changes: list[tuple[str, str, int, str | None, bool]] = []
    for entity in ORDER:
        model = MODELS[entity]
        creates = [
            dict(r, version=1, updated_hlc=hlc, field_clocks={})
            for r in plan.creates.get(entity, [])
        ]
        if creates:
            db.session.execute(insert(model), creates)
        updates = [dict(r, updated_hlc=hlc) for r in plan.updates.get(entity, [])]
        # read before writing: a record that changes résidence is logged for both
        stored = _stored_residences(model, [r["id"] for r in updates])
        if updates:
            db.session.execute(update(model), updates)
        changes += [
            (entity, r["id"], r.get("version", 1), r["residence_id"], False)
            for r in creates + updates
        ]
        # devices of the old résidence must see the move, to drop their copy
        changes += [
            (entity, r["id"], r["version"], stored[r["id"]], False)
            for r in updates
            if r["id"] in stored and stored[r["id"]] != r["residence_id"]
        ]
    log_changes(changes)
    return plan.summary()
