"""Everything Palier holds about one person, family by family (the data-subject export).

The person is a locataire of the référentiel (by id: her name is then matched too) or a name
alone (nom + prénom). Names written in records are matched by `names.same_person` (accents and
case folded, "Mme Dupont" and "DUPONT Marie" are Marie Dupont). What is collected:
- référentiel: her locataire row and the baux naming her;
- visites: candidate visits naming her (`candidat_nom`), and the other visits of a logement she
  rents dated within her lease (courtoisie, conseil, technique, enquête d'occupation; not the
  show flat's);
- états des lieux: those of her baux, and those naming her as a locataire party; with their
  elements, addenda, signatures and photos; the décompte of a sortie and its retenues;
- permanences: her contacts (by locataire or by name, not the anonymous ones) and, for context,
  the permanence each was taken at (site, times, agents), never the other visitors;
- réclamations: those raised from one of her contacts, and those a locataire reported on her
  logement within her lease; with their évènements and photos;
- troubles de voisinage, for each dossier where she is
  * plaignant (her entretien says so, or she reported one of its faits),
  * témoin (her entretien says so, or she signed an attestation),
  * mis en cause (the dossier is held by a logement she rented when it was opened):
  the dossier, its faits and démarches, her own entretiens and attestations, their photos; the
  entretiens and attestations of other persons are never collected (a mis en cause never learns
  who complained or testified: DOMAIN.md), and names in what is collected are masked by
  server/privacy/redaction.py. Faits with no dossier she reported, or of her logement within her
  lease, are collected too.
Deleted records still held (not yet purged) are collected, marked `deleted`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from server.models import (
    AttestationTemoin,
    ContactPermanence,
    Demarche,
    DossierTrouble,
    EdlElement,
    Entretien,
    EtatDesLieux,
    Fait,
    Permanence,
    Reclamation,
    ReclamationEvenement,
    Signature,
    Visite,
)
from server.models.decompte import DecompteSortie, Retenue
from server.models.documents import EdlAddendum
from server.privacy import records as r
from server.privacy.names import Name, name_of, parse_name, same_person

# family key -> French title, in the order the export shows them
FAMILIES = {
    "referentiel": "Locataire et baux",
    "visites": "Visites",
    "etats_des_lieux": "États des lieux",
    "decomptes": "Décomptes de sortie",
    "reclamations": "Réclamations",
    "permanences": "Permanences",
    "troubles": "Troubles de voisinage",
}
OWN_VISIT_TYPES = frozenset({"courtoisie", "conseil", "technique", "enquete_occupation"})
LANDLORD_SIDE = frozenset({"bailleur", "mandataire"})


@dataclass(frozen=True)
class Subject:
    """The person of an export: a locataire of the référentiel, or a name alone."""

    nom: str
    prenom: str = ""
    locataire_id: str | None = None
    code: str = ""

    @property
    def name(self) -> Name:
        """The name compared with names written in records."""
        return name_of(self.nom, self.prenom)

    def header(self) -> dict[str, Any]:
        """The person as the export's header names them."""
        return {
            "nom": self.nom,
            "prenom": self.prenom,
            "locataire_id": self.locataire_id,
            "code": self.code,
        }


@dataclass
class Collected:
    """The records about a subject: family -> entity -> rows as fields (not yet redacted)."""

    subject: Subject
    families: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)  # dossier id -> her roles
    logement_ids: set[str] = field(default_factory=set)

    def add(self, family: str, entity: str, found: Iterable[dict[str, Any]]) -> None:
        """Add rows (as fields) of an entity to a family, once each."""
        found = list(found)
        if not found:
            return
        target = self.families.setdefault(family, {}).setdefault(entity, [])
        seen = {row["id"] for row in target}
        target.extend(row for row in found if row["id"] not in seen)

    def counts(self) -> dict[str, int]:
        """How many records each family holds about her."""
        return {
            key: sum(len(v) for v in self.families.get(key, {}).values())
            for key in FAMILIES
            if self.families.get(key)
        }


def _is_her(subject: Subject, written: str | None) -> bool:
    return bool(written) and same_person(parse_name(written), subject.name)


def _fields(entity: str, found: Iterable[Any]) -> list[dict[str, Any]]:
    return [r.fields_of(entity, row) for row in found]


def _with_photos(out: Collected, family: str, entity: str, found: list[Any]) -> None:
    out.add(family, entity, _fields(entity, found))
    out.add(family, "photo", _fields("photo", r.photos_of(row.id for row in found)))


def collect(subject: Subject) -> Collected:
    """Every record about the subject, family by family (see the module's docstring)."""
    out = Collected(subject)
    baux = r.leases_of(subject.locataire_id)
    leases = [r.Lease(b.logement_id, b.debut, b.fin) for b in baux]
    out.logement_ids = {b.logement_id for b in baux}
    if subject.locataire_id:
        row = r.locataire(subject.locataire_id)
        out.add("referentiel", "locataire", _fields("locataire", [row] if row else []))
        out.add("referentiel", "bail", _fields("bail", baux))
    _visites(out, leases)
    _etats_des_lieux(out, {b.id for b in baux})
    contacts = _permanences(out)
    _reclamations(out, contacts, leases)
    _troubles(out, leases)
    return out


def _in_lease(leases: list[r.Lease], logement_id: str | None, moment: Any) -> bool:
    return any(lease.covers(logement_id, moment) for lease in leases)


def _visites(out: Collected, leases: list[r.Lease]) -> None:
    found = [
        v
        for v in r.every(Visite)
        if (v.type == "candidat" and _is_her(out.subject, v.candidat_nom))
        or (
            v.type in OWN_VISIT_TYPES
            and _in_lease(leases, v.logement_id, v.realisee_le or v.prevue_le)
        )
    ]
    _with_photos(out, "visites", "visite", found)


def _names_her(out: Collected, edl: EtatDesLieux) -> bool:
    return any(
        isinstance(p, dict)
        and p.get("role") not in LANDLORD_SIDE
        and _is_her(out.subject, p.get("nom"))
        for p in edl.parties or []
    )


def _etats_des_lieux(out: Collected, bail_ids: set[str]) -> None:
    edls = [e for e in r.every(EtatDesLieux) if e.bail_id in bail_ids or _names_her(out, e)]
    ids = [e.id for e in edls]
    elements = r.rows(EdlElement, "edl_id", ids)
    addenda = r.rows(EdlAddendum, "edl_id", ids)
    signed = [*ids, *(a.id for a in addenda)]
    out.logement_ids |= {e.logement_id for e in edls if e.logement_id}
    _with_photos(out, "etats_des_lieux", "etat_des_lieux", edls)
    _with_photos(out, "etats_des_lieux", "edl_element", elements)
    _with_photos(out, "etats_des_lieux", "edl_addendum", addenda)
    out.add(
        "etats_des_lieux",
        "signature",
        _fields("signature", r.rows(Signature, "owner_record", signed)),
    )
    decomptes = r.rows(DecompteSortie, "edl_id", [e.id for e in edls if e.sens == "sortie"])
    out.add("decomptes", "decompte_sortie", [r.plain(d, r.DECOMPTE_FIELDS) for d in decomptes])
    retenues = r.rows(Retenue, "decompte_id", [d.id for d in decomptes])
    out.add("decomptes", "retenue", [r.plain(x, r.RETENUE_FIELDS) for x in retenues])


def _permanences(out: Collected) -> list[ContactPermanence]:
    wanted = out.subject.locataire_id
    contacts = [
        c
        for c in r.every(ContactPermanence)
        if (wanted and c.locataire_id == wanted) or (not c.anonyme and _is_her(out.subject, c.nom))
    ]
    permanences = r.rows(Permanence, "id", [c.permanence_id for c in contacts])
    out.add("permanences", "permanence", _fields("permanence", permanences))
    _with_photos(out, "permanences", "contact_permanence", contacts)
    return contacts


def _reclamations(out: Collected, contacts: list[ContactPermanence], leases: list[r.Lease]) -> None:
    contact_ids = {c.id for c in contacts}
    found = [
        x
        for x in r.every(Reclamation)
        if x.contact_id in contact_ids
        or (x.origine == "locataire" and _in_lease(leases, x.logement_id, x.signalee_le))
    ]
    _with_photos(out, "reclamations", "reclamation", found)
    evenements = r.rows(ReclamationEvenement, "reclamation_id", [x.id for x in found])
    _with_photos(out, "reclamations", "reclamation_evenement", evenements)


def _troubles(out: Collected, leases: list[r.Lease]) -> None:
    subject = out.subject
    entretiens = [e for e in r.every(Entretien) if _is_her(subject, e.personne)]
    attestations = [
        a for a in r.every(AttestationTemoin) if same_person(name_of(a.nom, a.prenom), subject.name)
    ]
    faits = r.every(Fait)
    reported = [f for f in faits if _is_her(subject, f.signale_par)]
    roles: dict[str, set[str]] = {}
    for e in entretiens:
        roles.setdefault(e.dossier_id or "", set()).add(e.role or "")
    for a in attestations:
        roles.setdefault(a.dossier_id or "", set()).add("temoin")
    for f in reported:
        roles.setdefault(f.dossier_id or "", set()).add("plaignant")
    for d in r.every(DossierTrouble):
        if _in_lease(leases, d.logement_id, d.ouvert_le or d.created_at):
            roles.setdefault(d.id, set()).add("mis_en_cause")
    roles.pop("", None)
    dossiers = r.rows(DossierTrouble, "id", roles)
    ids = {d.id for d in dossiers}
    out.roles = {d.id: sorted(x for x in roles[d.id] if x) for d in dossiers}
    lone = [
        f
        for f in faits
        if f.dossier_id is None
        and (f in reported or _in_lease(leases, f.logement_id, f.survenu_le))
    ]
    _with_photos(out, "troubles", "dossier_trouble", dossiers)
    _with_photos(out, "troubles", "fait", [*(f for f in faits if f.dossier_id in ids), *lone])
    _with_photos(out, "troubles", "entretien", [e for e in entretiens if e.dossier_id in ids])
    _with_photos(out, "troubles", "demarche", r.rows(Demarche, "dossier_id", ids))
    _with_photos(
        out, "troubles", "attestation_temoin", [a for a in attestations if a.dossier_id in ids]
    )
