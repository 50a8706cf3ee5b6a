"""Solde de tout compte (DOMAIN.md): what comes back of the deposit, when, and the late penalty.

The deposit is due 1 month after the keys when the exit matches the entry (conforme), 2 months
otherwise, in calendar months (a day the month lacks becomes its last day). Each started month of
delay after that adds 10 % of the monthly rent hors charges, unless the tenant gave no new
address. Amounts exact to the cent; pwa/src/edl/solde.js computes the same.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sync.vetuste import CENT, to_decimal

TAUX_MAJORATION = Decimal("0.10")


@dataclass(frozen=True)
class Solde:
    """The balance: deposit, total retained, what is returned and what the tenant still owes."""

    depot: Decimal
    retenues: Decimal
    restitution: Decimal
    reste_du: Decimal


def add_months(day: date, months: int) -> date:
    """`day` plus calendar months; the 31st becomes the month's last day where it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def echeance_restitution(cles_le: date, conforme: bool) -> date:
    """The legal deadline to return the deposit: 1 month after the keys, 2 when not conforme."""
    return add_months(cles_le, 1 if conforme else 2)


def solde(depot: object, retenues: Iterable[object]) -> Solde:
    """Deposit less the retained sums: returned, or still owed when they exceed it."""
    deposit = to_decimal(depot)
    total = sum((to_decimal(r) for r in retenues), Decimal(0))
    if deposit < 0 or total < 0:
        raise ValueError("montants négatifs refusés")
    zero = Decimal(0)
    return Solde(
        deposit.quantize(CENT, rounding=ROUND_HALF_UP),
        total.quantize(CENT, rounding=ROUND_HALF_UP),
        max(zero, deposit - total).quantize(CENT, rounding=ROUND_HALF_UP),
        max(zero, total - deposit).quantize(CENT, rounding=ROUND_HALF_UP),
    )


def mois_de_retard(echeance: date, restitue_le: date) -> int:
    """Started months of delay after the deadline (0 when returned on time)."""
    months = 0
    while add_months(echeance, months) < restitue_le:
        months += 1
    return months


def majoration(
    echeance: date, restitue_le: date, loyer_hors_charges: object, nouvelle_adresse: bool
) -> Decimal:
    """10 % of the monthly rent per started month late; nothing without a new address."""
    if not nouvelle_adresse:
        return Decimal("0.00")
    rent = to_decimal(loyer_hors_charges)
    months = mois_de_retard(echeance, restitue_le)
    return (rent * TAUX_MAJORATION * months).quantize(CENT, rounding=ROUND_HALF_UP)
