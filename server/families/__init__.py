"""Record families (DESIGN.md §9): one module per family, each a declaration.

The engine (server/engine/), the rules, the review queue, record pages, CSV exports, the CNIL
check and retention read these declarations and hold no code of a family of their own. A family
is declared with the types of `declaration` and made live with `register` (the built-in ones
below are registered on import).
"""

from server.families import (
    edl_addendum,
    etat_des_lieux,
    photo,
    reclamations,
    referentiel,
    troubles,
    visite,
)
from server.families.declaration import (
    CHOICE,
    DATETIME,
    LONG_TEXT,
    NUMBER,
    TEXT,
    Editable,
    EntityType,
    Family,
    Labels,
    Noun,
    Parent,
    ReadRule,
    Restriction,
)
from server.families.registry import (
    REGISTRY,
    SNAPSHOT_ORDER,
    entity,
    register,
    unregister,
)

BUILT_IN = (
    referentiel.FAMILY,
    visite.FAMILY,
    etat_des_lieux.FAMILY,
    edl_addendum.FAMILY,
    troubles.FAMILY,
    reclamations.FAMILY,
    reclamations.PERMANENCES_FAMILY,
    photo.FAMILY,
)
for _family in BUILT_IN:
    register(_family)

__all__ = [
    "CHOICE",
    "DATETIME",
    "LONG_TEXT",
    "NUMBER",
    "REGISTRY",
    "SNAPSHOT_ORDER",
    "TEXT",
    "Editable",
    "EntityType",
    "Family",
    "Labels",
    "Noun",
    "Parent",
    "ReadRule",
    "Restriction",
    "entity",
    "register",
    "unregister",
]
