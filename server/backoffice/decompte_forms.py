"""The décompte's forms: a retained sum (libellé, montant typed "1 234,50", justification) and
the keys' and restitution's dates, each refused with a French message per field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

MONTANT_MAX = Decimal("99999999.99")  # numeric(10, 2)
LIBELLE_MAX = 200
JUSTIFICATION_MAX = 2000
_SPACES = re.compile(r"[ \u00a0\u202f]")
_AMOUNT = re.compile(r"(?P<sign>[+-]?)(?P<units>[0-9]+)(?:[.,](?P<decimals>[0-9]+))?")
_FRENCH_DAY = re.compile(r"(?P<day>[0-9]{1,2})/(?P<month>[0-9]{1,2})/(?P<year>[0-9]{4})")

MONTANT_REQUIRED = "Montant obligatoire."
MONTANT_INVALID = "Montant invalide : saisissez un nombre en euros, par exemple 1 234,50."
MONTANT_NEGATIVE = "Le montant ne peut pas être négatif."
MONTANT_DECIMALS = "Le montant s'arrête au centime : deux décimales au plus."
MONTANT_TOO_LARGE = "Le montant ne peut pas dépasser 99 999 999,99 €."
DATE_INVALID = "Date invalide (format attendu : 31/01/2026)."


def parse_montant(raw: str) -> Decimal:
    """An amount typed the French way ("1 234,50", "1234.5", "80 €") as an exact Decimal;
    ValueError with a French message otherwise."""
    text = _SPACES.sub("", raw.strip()).removesuffix("€")
    if not text:
        raise ValueError(MONTANT_REQUIRED)
    match = _AMOUNT.fullmatch(text)
    if match is None:
        raise ValueError(MONTANT_INVALID)
    if match["sign"] == "-" and text.strip("-0.,"):
        raise ValueError(MONTANT_NEGATIVE)
    decimals = match["decimals"] or ""
    if len(decimals) > 2:
        raise ValueError(MONTANT_DECIMALS)
    amount = Decimal(f"{match['units']}.{decimals or '0'}").quantize(Decimal("0.01"))
    if amount > MONTANT_MAX:
        raise ValueError(MONTANT_TOO_LARGE)
    return amount


def parse_day(raw: str) -> date:
    """A day typed "31/01/2026" or given by a date input ("2026-01-31"); ValueError otherwise."""
    text = raw.strip()
    try:
        match = _FRENCH_DAY.fullmatch(text)
        if match:
            return date(int(match["year"]), int(match["month"]), int(match["day"]))
        if len(text) == 10:
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(DATE_INVALID)


@dataclass
class RetenueForm:
    """A sum to retain, as typed, with the errors of each field."""

    libelle: str = ""
    montant: str = ""
    justification: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    amount: Decimal | None = None

    @classmethod
    def parse(cls, libelle: str, montant: str, justification: str) -> RetenueForm:
        """Check what was typed; `errors` is empty when it can be saved."""
        form = cls(libelle.strip(), montant.strip(), justification.strip())
        if not form.libelle:
            form.errors["libelle"] = "Libellé obligatoire."
        elif len(form.libelle) > LIBELLE_MAX:
            form.errors["libelle"] = f"Libellé trop long ({LIBELLE_MAX} caractères au plus)."
        try:
            form.amount = parse_montant(form.montant)
        except ValueError as err:
            form.errors["montant"] = str(err)
        if not form.justification:
            form.errors["justification"] = (
                "Justification obligatoire : dites pourquoi cette somme est retenue "
                "(facture, devis, constat)."
            )
        elif len(form.justification) > JUSTIFICATION_MAX:
            form.errors["justification"] = (
                f"Justification trop longue ({JUSTIFICATION_MAX} caractères au plus)."
            )
        return form


@dataclass
class DatesForm:
    """The keys' day and the restitution's day, as typed, with their errors."""

    cles_rendues_le: str = ""
    restitue_le: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    cles: date | None = None
    restitution: date | None = None

    @classmethod
    def parse(cls, cles_rendues_le: str, restitue_le: str, today: date) -> DatesForm:
        """Check the dates: the keys' day is required, the restitution's may be left empty
        (not returned yet) but never precedes the keys nor lies in the future."""
        form = cls(cles_rendues_le.strip(), restitue_le.strip())
        if not form.cles_rendues_le:
            form.errors["cles_rendues_le"] = "Date de remise des clés obligatoire."
        else:
            try:
                form.cles = parse_day(form.cles_rendues_le)
            except ValueError as err:
                form.errors["cles_rendues_le"] = str(err)
        if form.restitue_le:
            try:
                form.restitution = parse_day(form.restitue_le)
            except ValueError as err:
                form.errors["restitue_le"] = str(err)
        if form.restitution is not None:
            if form.restitution > today:
                form.errors["restitue_le"] = (
                    "La date de restitution ne peut pas être dans le futur."
                )
            elif form.cles is not None and form.restitution < form.cles:
                form.errors["restitue_le"] = (
                    "La date de restitution ne peut pas précéder la remise des clés."
                )
        return form
