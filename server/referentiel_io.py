"""Reading the référentiel from the ERP's CSV export, with a report of bad rows."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

NAMESPACE = uuid.UUID("6f1d3c2e-8a4b-4f7e-9c1d-2b3a4c5d6e7f")

# file name -> (entity, required columns, optional columns)
FILES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "residences.csv": (
        "residence",
        ("code", "nom", "secteur_code"),
        ("adresse", "code_postal", "ville", "secteur_nom"),
    ),
    "batiments.csv": ("batiment", ("code", "residence_code", "nom"), ("adresse", "etages")),
    "logements.csv": (
        "logement",
        ("code", "batiment_code", "numero"),
        ("etage", "typologie", "surface", "nature", "renouvellements"),
    ),
    "locataires.csv": ("locataire", ("code", "nom"), ("prenom", "telephone", "email")),
    "baux.csv": (
        "bail",
        ("code", "logement_code", "debut"),
        ("type", "fin", "loyer", "depot_garantie", "locataire_codes"),
    ),
    "grille_vetuste.csv": (
        "grille_vetuste",
        ("element", "duree_vie", "franchise", "abattement_annuel", "part_residuelle"),
        (),
    ),
}
TYPOLOGIES = {"", "T1", "T2", "T3", "T4", "T5", "T6"}
NATURES = {"logement", "commerce", "parking", "cave"}
BAIL_TYPES = {"habitation", "glissant", "commercial"}


def stable_id(entity: str, code: str) -> str:
    """The UUID of a référentiel record, derived from its ERP code."""
    return str(uuid.uuid5(NAMESPACE, f"{entity}:{code}"))


@dataclass
class RowError:
    """A bad row: file, line and what is wrong, in French."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}, ligne {self.line} : {self.message}"


@dataclass
class ParsedReferentiel:
    """Rows per entity, as dicts of typed values, plus the errors found."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


class RowProblem(ValueError):
    """A value in a row that cannot be read."""


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise RowProblem(f"« {name} » doit être un nombre entier (reçu « {value} »)") from None


def _number(value: str, name: str) -> Decimal:
    try:
        return Decimal(value.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise RowProblem(f"« {name} » doit être un nombre (reçu « {value} »)") from None


def _date(value: str, name: str) -> date:
    try:
        if "/" in value:
            day, month, year = value.split("/")
            return date(int(year), int(month), int(day))
        return date.fromisoformat(value)
    except ValueError:
        raise RowProblem(f"« {name} » doit être une date JJ/MM/AAAA (reçu « {value} »)") from None


def _renouvellements(value: str) -> dict[str, str]:
    """The renewals column ("peinture=2020-03-01|moquette=01/05/2019") as {element: ISO day}."""
    out: dict[str, str] = {}
    for part in (p.strip() for p in value.split("|")):
        if not part:
            continue
        element, equals, day = (x.strip() for x in part.partition("="))
        if not equals or not element or not day:
            raise RowProblem(
                f"« renouvellements » : « {part} » n'est pas de la forme élément=date "
                "(ex. peinture=2020-03-01|moquette=2019-05-01)"
            )
        if element.casefold() in (e.casefold() for e in out):
            raise RowProblem(f"« renouvellements » : « {element} » apparaît deux fois")
        out[element] = _date(day, f"renouvellements ({element})").isoformat()
    return out


def _choice(value: str, allowed: set[str], name: str) -> str:
    if value not in allowed:
        choices = ", ".join(sorted(a for a in allowed if a))
        raise RowProblem(f"« {name} » doit valoir {choices} (reçu « {value} »)")
    return value


def _convert(entity: str, raw: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = dict(raw)
    if entity == "batiment":
        row["etages"] = _int(raw.get("etages") or "0", "etages")
    elif entity == "logement":
        row["etage"] = _int(raw.get("etage") or "0", "etage")
        row["typologie"] = _choice((raw.get("typologie") or "").upper(), TYPOLOGIES, "typologie")
        row["surface"] = float(_number(raw.get("surface") or "0", "surface"))
        row["nature"] = _choice(raw.get("nature") or "logement", NATURES, "nature")
        row["renouvellements"] = _renouvellements(raw.get("renouvellements") or "")
    elif entity == "bail":
        row["type"] = _choice(raw.get("type") or "habitation", BAIL_TYPES, "type")
        row["debut"] = _date(raw["debut"], "debut")
        row["fin"] = _date(raw["fin"], "fin") if raw.get("fin") else None
        row["loyer"] = _number(raw.get("loyer") or "0", "loyer")
        row["depot_garantie"] = _number(raw.get("depot_garantie") or "0", "depot_garantie")
        codes = raw.get("locataire_codes") or ""
        row["locataire_codes"] = [c.strip() for c in codes.split("|") if c.strip()]
    elif entity == "grille_vetuste":
        row["duree_vie"] = _int(raw["duree_vie"], "duree_vie")
        row["franchise"] = _int(raw["franchise"], "franchise")
        row["abattement_annuel"] = float(_number(raw["abattement_annuel"], "abattement_annuel"))
        row["part_residuelle"] = float(_number(raw["part_residuelle"], "part_residuelle"))
    return row


def parse_csv_text(name: str, text: str, parsed: ParsedReferentiel) -> None:
    """Parse one CSV file's text (`;` or `,` separated, UTF-8) into `parsed`."""
    entity, required, optional = FILES[name]
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    if missing:
        parsed.errors.append(RowError(name, 1, f"colonnes manquantes : {', '.join(missing)}"))
        return
    key = "element" if entity == "grille_vetuste" else "code"
    seen: set[str] = set()
    rows = parsed.rows.setdefault(entity, [])
    for line, raw in enumerate(reader, start=2):
        values = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(values.values()):
            continue
        empty = [c for c in required if not values.get(c)]
        if empty:
            parsed.errors.append(RowError(name, line, f"valeur manquante : {', '.join(empty)}"))
            continue
        if values[key] in seen:
            parsed.errors.append(RowError(name, line, f"« {values[key]} » apparaît deux fois"))
            continue
        seen.add(values[key])
        try:
            row = _convert(entity, {c: values.get(c, "") for c in required + optional})
        except RowProblem as problem:
            parsed.errors.append(RowError(name, line, str(problem)))
            continue
        row["_line"] = line
        rows.append(row)


def read_folder(folder: Path) -> ParsedReferentiel:
    """Parse every known CSV file present in a folder."""
    parsed = ParsedReferentiel()
    present = [name for name in FILES if (folder / name).is_file()]
    if not present:
        expected = ", ".join(FILES)
        parsed.errors.append(RowError(str(folder), 0, f"aucun fichier attendu ({expected})"))
    for name in present:
        try:
            text = (folder / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            parsed.errors.append(RowError(name, 0, "le fichier n'est pas encodé en UTF-8"))
            continue
        parse_csv_text(name, text, parsed)
    return parsed
