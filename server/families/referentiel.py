"""The référentiel: server-owned entities devices pull read-only (imported from the ERP)."""

from __future__ import annotations

from server.families.declaration import EntityType, Family, Labels, Noun, ReadRule
from server.models import Bail, Batiment, GrilleVetuste, Locataire, Logement, Residence


def _named(noun: Noun) -> Labels:
    return Labels(noun=noun, fields={})


FAMILY = Family(
    "referentiel",
    "Référentiel",
    (
        EntityType(
            "residence",
            Residence,
            ("code", "nom", "adresse", "code_postal", "ville", "secteur_code"),
            labels=_named(Noun("résidence", "résidences", feminine=True)),
        ),
        EntityType(
            "batiment",
            Batiment,
            ("code", "nom", "adresse", "etages"),
            labels=_named(Noun("bâtiment", "bâtiments")),
        ),
        EntityType(
            "logement",
            Logement,
            (
                "code",
                "batiment_id",
                "numero",
                "etage",
                "typologie",
                "surface",
                "nature",
                "renouvellements",
            ),
            labels=_named(Noun("logement", "logements")),
        ),
        EntityType(
            "locataire",
            Locataire,
            ("nom", "prenom", "telephone", "email"),
            labels=_named(Noun("locataire", "locataires")),
        ),
        EntityType(
            "bail",
            Bail,
            ("logement_id", "type", "debut", "fin", "loyer", "depot_garantie", "locataire_ids"),
            # issue 8: a gardien never holds the tenants' rents
            read_rules={"gardien": ReadRule(hidden_fields=frozenset({"loyer", "depot_garantie"}))},
            labels=_named(Noun("bail", "baux")),
        ),
        EntityType(
            "grille_vetuste",
            GrilleVetuste,
            ("element", "duree_vie", "franchise", "abattement_annuel", "part_residuelle"),
            labels=_named(Noun("grille de vétusté", "grilles de vétusté", feminine=True)),
        ),
    ),
)
