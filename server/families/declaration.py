"""The declaration of a record family: plain data the engine and the back office read.

A family (DESIGN.md §9) is a few entities; each `EntityType` says how its records sync (model,
schema, writable and server-owned fields, parent), who may write and read them, which fields are
free text for the CNIL check, how long they are kept, and how the back office names and shows
them (`Labels`). Nothing here runs a query: `server.families.registry` holds what is declared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marshmallow import Schema

VOWELS = tuple("aeiouyéèêàâîôûh")
# Kinds of back-office form inputs (server/backoffice/correction.py reads them).
TEXT = "text"
LONG_TEXT = "long_text"
DATETIME = "datetime"
NUMBER = "number"
CHOICE = "choice"


@dataclass(frozen=True)
class Noun:
    """A French noun and its agreement: "la visite", "une visite", "cette visite", "supprimée"."""

    singular: str
    plural: str
    feminine: bool = False

    @property
    def e(self) -> str:
        """The feminine ending of a participle ("supprimé" + "e")."""
        return "e" if self.feminine else ""

    @property
    def capital(self) -> str:
        """The singular with a capital: "Visite"."""
        return self.singular[:1].upper() + self.singular[1:]

    @property
    def the(self) -> str:
        """With the definite article: "la visite", "l'état des lieux"."""
        if self.singular.startswith(VOWELS):
            return "l'" + self.singular
        return ("la " if self.feminine else "le ") + self.singular

    @property
    def a(self) -> str:
        """With the indefinite article: "une visite"."""
        return ("une " if self.feminine else "un ") + self.singular

    @property
    def this(self) -> str:
        """With the demonstrative: "cette visite", "cet état des lieux"."""
        if self.feminine:
            return "cette " + self.singular
        return ("cet " if self.singular.startswith(VOWELS) else "ce ") + self.singular

    @property
    def it(self) -> str:
        """The subject pronoun: "elle", "il"."""
        return "elle" if self.feminine else "il"

    @property
    def it_object(self) -> str:
        """The object pronoun before a verb: "la", "le"."""
        return "la" if self.feminine else "le"


@dataclass(frozen=True)
class Parent:
    """The record a record belongs to; its résidence is the parent's.

    `entity` names a fixed parent entity (`logement_id` → `logement`); `entity_field` names the
    field holding it when records of several entities may be the parent (a photo's
    `owner_entity`). `alternatives` are other (field, entity) pairs that may name the parent
    instead of `field` (a réclamation names its logement, or its bâtiment for the common parts):
    the parent is named by `field` when it is set, else by the first alternative set.
    """

    field: str
    entity: str | None = None
    entity_field: str | None = None
    # the message when the parent is unknown; {parent} is the parent entity's noun
    missing: str = "{parent_capital} inconnu{parent_e}."
    alternatives: tuple[tuple[str, str], ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field that may name the parent."""
        return (self.field, *(name for name, _entity in self.alternatives))

    def field_of(self, fields: Mapping[str, Any]) -> str:
        """The field naming the parent in a record holding these fields."""
        if fields.get(self.field) is None:
            for name, _entity in self.alternatives:
                if fields.get(name) is not None:
                    return name
        return self.field

    def field_for(self, entity: str) -> str:
        """The field naming a parent of that entity."""
        return next((n for n, e in self.alternatives if e == entity), self.field)

    def entity_of(self, fields: Mapping[str, Any]) -> str | None:
        """The parent's entity for a record holding these fields."""
        named_by = self.field_of(fields)
        if named_by != self.field:
            return dict(self.alternatives)[named_by]
        if self.entity is not None:
            return self.entity
        value = fields.get(self.entity_field or "")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class ReadRule:
    """What one role does not read of an entity.

    `hidden_values`: a record whose field holds one of these values is hidden as a whole (its
    children with it). `hidden_fields`: fields left out of every record sent. `own_only`: the
    role reads only the records its user created (`created_by`), the others as with
    `hidden_values`.
    """

    hidden_values: Mapping[str, frozenset[Any]] = field(default_factory=dict)
    hidden_fields: frozenset[str] = frozenset()
    everything: bool = False  # no record of the entity is read (nor its children)
    own_only: bool = False

    @property
    def hides_records(self) -> bool:
        """Whether some records of the entity are hidden as a whole."""
        return self.everything or self.own_only or bool(self.hidden_values)


@dataclass(frozen=True)
class Restriction:
    """A choice field that some roles may set to some values only (current and new value)."""

    field: str
    allowed: Mapping[str, frozenset[str]]  # role -> the values it may write
    message: str

    def allows(self, role: str, value: Any) -> bool:
        """Whether the role may write (or edit a record holding) this value."""
        values = self.allowed.get(role)
        return values is None or value in values


@dataclass(frozen=True)
class Editable:
    """A field the back office may correct, and the kind of its input."""

    name: str
    kind: str
    required: bool = False


@dataclass(frozen=True)
class Labels:
    """How the back office names an entity and shows its fields (French)."""

    noun: Noun
    fields: Mapping[str, str]  # every field shown, in display order, with its label
    choices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # the field whose value names the record ("Visite technique"), and the fields of each value
    kind_field: str | None = None
    common_fields: tuple[str, ...] = ()
    kind_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    trailing_fields: tuple[str, ...] = ()
    overrides: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (field, kind)
    # (date field, phrase) tried in order for the title: "réalisée le 26/11/2026 09:30"
    title_dates: tuple[tuple[str, str], ...] = ()
    counted: Mapping[str, str] = field(default_factory=dict)  # list field -> unit shown
    bo_path: str | None = None  # /bo/<bo_path>/<id> besides /bo/records/<entity>/<id>
    csv_name: str | None = None  # /bo/export/<csv_name>.csv
    csv_columns: tuple[tuple[str, str], ...] = ()

    def field_label(self, name: str, kind: str | None = None) -> str:
        """The French label of a field (some depend on the record's kind)."""
        if kind is not None and (name, kind) in self.overrides:
            return self.overrides[(name, kind)]
        return self.fields.get(name, name)

    def kind_label(self, kind: str | None) -> str:
        """The name of a record of that kind ("Visite technique"), else the entity's."""
        labels = self.choices.get(self.kind_field or "", {})
        return labels.get(kind or "", kind or self.noun.capital)

    def fields_for(self, kind: str | None) -> tuple[str, ...]:
        """The fields of a record of that kind, in display order (trailing fields apart)."""
        if self.kind_field is None:
            return tuple(n for n in self.fields if n not in self.trailing_fields)
        return self.common_fields + tuple(self.kind_fields.get(kind or "", ()))


@dataclass(frozen=True)
class Anchor:
    """The day a record's retention period starts from, or no day and why it is kept for now.

    `reason` is French and may hold `{delai}` ("5 ans") and `{apres}` ("5 ans après", or "dès"
    for no delay), filled with the period in force (server/retention_rules.py).
    """

    start: date | None
    reason: str


@dataclass(frozen=True)
class Retention:
    """How long the records of a root entity are kept (DOMAIN.md "Data protection").

    `setting` names the environment variable giving the period in days (`default_days` when
    unset); `anchor` says, for a record, the day the period starts from (it may query).
    `follows` = (field, entity): a record whose field names a record of that entity shares that
    record's fate instead (a fait attached to a dossier). `erase_with` erases the server-only
    rows that go with erased records (an EDL de sortie's décompte), given their ids. `summary`
    says in French what the rule keeps and from when, for the back office's list of rules.
    """

    setting: str
    default_days: int
    anchor: Callable[[Any], Anchor]
    follows: tuple[str, str] | None = None
    erase_with: Callable[[list[str]], int] | None = None
    summary: str = ""


@dataclass(frozen=True, eq=False)
class EntityType:
    """How one entity syncs, who writes and reads it, and how the back office shows it."""

    name: str
    model: Any
    fields: tuple[str, ...]
    writable: tuple[str, ...] = ()
    required_on_create: tuple[str, ...] = ()
    schema: Schema | None = None
    append_only: bool = False
    server_fields: tuple[str, ...] = ()
    free_text: tuple[str, ...] = ()  # re-read against the CNIL's rule (server/cnil.py)
    parent: Parent | None = None
    write_roles: frozenset[str] = frozenset()
    restrictions: tuple[Restriction, ...] = ()
    read_rules: Mapping[str, ReadRule] = field(default_factory=dict)  # role -> rule
    photo_owner: bool = False  # photos may be attached to its records
    reviewed: bool = False  # listed in the back office's review queue
    labels: Labels | None = None
    editable: tuple[Editable, ...] = ()
    photo_list: str | None = None  # a field listing photo ids (shown with the photos)
    blob_fields: tuple[str, ...] = ()  # fields naming a stored blob by its SHA-256
    retention_days: int | None = None  # records unchanged this long are erased (None: kept)
    retention: Retention | None = None  # a root's rule, from a day of its own (replaces the above)
    # choice fields whose values depend on what is declared (a photo's owner entities)
    dynamic_choices: Mapping[str, Callable[[], list[str]]] = field(default_factory=dict)

    @property
    def readonly(self) -> bool:
        """Read-only on devices (référentiel)."""
        return not self.writable

    @property
    def write_action(self) -> str:
        """The policy action of writing this entity."""
        return f"{self.name}.write"

    def rule_for(self, role: str) -> ReadRule:
        """What the role does not read of this entity."""
        return self.read_rules.get(role, NO_RULE)


NO_RULE = ReadRule()


# A family's hooks into a push (server/engine/driver.py): `check(batch, entity, item, slot)` may
# refuse a mutation of any entity with (code, French message); `after(batch, entity, item)` runs
# once a mutation is applied, and may set server-owned fields through `batch.server_update`.
Check = Callable[[Any, "EntityType", Any, Any], tuple[str, str] | None]
After = Callable[[Any, "EntityType", Any], None]


@dataclass(frozen=True)
class Family:
    """A kind of field record: its entities, declared once."""

    name: str
    label: str
    entities: tuple[EntityType, ...]
    check: Check | None = None
    after: After | None = None
