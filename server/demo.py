"""The demo agency: deterministic, realistic French référentiel and the demo users."""

from __future__ import annotations

import csv
import io
import random
from typing import Any

from sqlalchemy import select

from server.auth import hash_password
from server.extensions import db
from server.models import Residence, Secteur, User
from server.referentiel import apply_import, plan_import
from server.referentiel_io import FILES, ParsedReferentiel, parse_csv_text

DEMO_PASSWORD = "palier-demo"
SECTEURS = [("S1", "Secteur Villeurbanne – Vaulx"), ("S2", "Secteur Vénissieux – Bron")]
RESIDENCES = [
    ("RES-TIL", "Les Tilleuls", "12 rue des Tilleuls", "69100", "Villeurbanne", "S1", 4),
    ("RES-GRA", "Le Grand Clos", "45 avenue Roger Salengro", "69100", "Villeurbanne", "S1", 3),
    ("RES-MAS", "Mas du Taureau", "8 allée du Mas", "69120", "Vaulx-en-Velin", "S1", 3),
    ("RES-MIN", "Les Minguettes", "23 boulevard Lénine", "69200", "Vénissieux", "S2", 4),
    ("RES-PAR", "Parilly Soleil", "17 rue Paul Pic", "69500", "Bron", "S2", 3),
    ("RES-VER", "Les Verchères", "5 place Jean Moulin", "69200", "Vénissieux", "S2", 3),
]
NOMS = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Diallo",
    "Benali",
    "Nguyen",
    "Traoré",
    "Haddad",
    "Lopez",
    "Fontaine",
]
PRENOMS = [
    "Marie",
    "Jean",
    "Fatima",
    "Mohamed",
    "Nathalie",
    "Pierre",
    "Sophie",
    "Karim",
    "Isabelle",
    "Michel",
    "Aïcha",
    "Philippe",
    "Camille",
    "Lucas",
    "Léa",
    "Mamadou",
    "Chantal",
    "Yasmine",
    "Thierry",
    "Inès",
    "Julien",
    "Sandrine",
    "Hugo",
    "Amina",
]
GRILLE = [
    ("Peinture", 9, 1, "10", "20"),
    ("Papier peint", 9, 1, "10", "20"),
    ("Revêtement de sol souple", 10, 2, "10", "20"),
    ("Moquette", 7, 1, "15", "10"),
    ("Parquet", 25, 5, "5", "20"),
    ("Carrelage", 30, 5, "4", "20"),
    ("Robinetterie", 10, 2, "12", "10"),
    ("Appareils sanitaires", 20, 5, "6", "10"),
    ("Chauffe-eau", 12, 2, "10", "10"),
    ("Portes intérieures", 20, 5, "6", "20"),
    ("Volets", 15, 3, "8", "20"),
    ("Équipements électriques", 15, 3, "8", "10"),
]
TYPO_WEIGHTS = [("T1", 10), ("T2", 25), ("T3", 32), ("T4", 22), ("T5", 8), ("T6", 3)]
SURFACE = {"T1": 30, "T2": 46, "T3": 64, "T4": 79, "T5": 94, "T6": 110}
LOGEMENTS_PER_BATIMENT = 30
# grille lines whose last renewal the ERP knows for some logements (logement.renouvellements)
RENOUVELES = ["Peinture", "Revêtement de sol souple", "Robinetterie", "Chauffe-eau"]


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def renouvellements(log_code: str) -> str:
    """The renewals known for a demo logement, deterministic from its code (about a third have
    some), as the CSV column writes them: "Peinture=2021-04-01|Chauffe-eau=2018-09-01"."""
    # a generator of its own: the rest of the demo data stay as they were
    rng = random.Random(f"renouvellements:{log_code}")
    if rng.random() > 0.35:
        return ""
    chosen = rng.sample(RENOUVELES, rng.randint(1, 2))
    days = [f"{rng.randint(2012, 2025)}-{rng.randint(1, 12):02d}-01" for _ in chosen]
    return "|".join(f"{element}={day}" for element, day in zip(chosen, days, strict=True))


def demo_csv_files() -> dict[str, str]:
    """The demo référentiel as the CSV files an ERP export would give (deterministic)."""
    rng = random.Random(20261126)
    residences, batiments, logements, locataires, baux = [], [], [], [], []
    secteur_names = dict(SECTEURS)
    typos = [t for t, w in TYPO_WEIGHTS for _ in range(w)]
    for code, nom, adresse, cp, ville, secteur, n_bat in RESIDENCES:
        residences.append([code, nom, adresse, cp, ville, secteur, secteur_names[secteur]])
        number = int(adresse.split()[0])
        street = adresse.split(" ", 1)[1]
        for b in range(n_bat):
            bat_code = f"{code}-{chr(65 + b)}"
            etages = rng.randint(3, 9)
            batiments.append(
                [bat_code, code, f"Bâtiment {chr(65 + b)}", f"{number + 2 * b} {street}", etages]
            )
            per_floor = -(-LOGEMENTS_PER_BATIMENT // (etages + 1))
            for i in range(LOGEMENTS_PER_BATIMENT):
                etage, pos = divmod(i, per_floor)
                numero = f"{chr(65 + b)}{etage}{pos + 1:02d}"
                typo = rng.choice(typos)
                nature = "commerce" if etage == 0 and pos == 0 and b == 0 else "logement"
                surface = round(SURFACE[typo] * rng.uniform(0.9, 1.1), 1)
                log_code = f"{bat_code}-{numero}"
                logements.append(
                    [
                        log_code,
                        bat_code,
                        numero,
                        etage,
                        typo,
                        surface,
                        nature,
                        renouvellements(log_code),
                    ]
                )
                if rng.random() < 0.06:
                    continue  # vacant
                tenants = []
                for _ in range(1 if rng.random() < 0.6 else 2):
                    t_code = f"LOC-{len(locataires) + 1:05d}"
                    nom_t, prenom = rng.choice(NOMS), rng.choice(PRENOMS)
                    phone = "06 " + " ".join(str(rng.randint(10, 99)) for _ in range(4))
                    email = f"{prenom.lower()}.{nom_t.lower()}@example.fr"
                    locataires.append([t_code, nom_t.upper(), prenom, phone, email])
                    tenants.append(t_code)
                debut = (
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2008, 2025)}"
                )
                loyer = round(SURFACE[typo] * rng.uniform(5.8, 7.2), 2)
                kind = "commercial" if nature == "commerce" else "habitation"
                baux.append(
                    [f"BAIL-{log_code}", log_code, kind, debut, "", loyer, loyer, "|".join(tenants)]
                )
    grille = [[e, d, f, a, p] for e, d, f, a, p in GRILLE]
    return {
        "residences.csv": _csv(
            ["code", "nom", "adresse", "code_postal", "ville", "secteur_code", "secteur_nom"],
            residences,
        ),
        "batiments.csv": _csv(["code", "residence_code", "nom", "adresse", "etages"], batiments),
        "logements.csv": _csv(
            [
                "code",
                "batiment_code",
                "numero",
                "etage",
                "typologie",
                "surface",
                "nature",
                "renouvellements",
            ],
            logements,
        ),
        "locataires.csv": _csv(["code", "nom", "prenom", "telephone", "email"], locataires),
        "baux.csv": _csv(
            [
                "code",
                "logement_code",
                "type",
                "debut",
                "fin",
                "loyer",
                "depot_garantie",
                "locataire_codes",
            ],
            baux,
        ),
        "grille_vetuste.csv": _csv(
            ["element", "duree_vie", "franchise", "abattement_annuel", "part_residuelle"], grille
        ),
    }


DEMO_USERS = [
    ("gestionnaire", "Claire Fontaine", "gestionnaire", ["S1"], []),
    ("gestionnaire2", "Karim Benali", "gestionnaire", ["S2"], []),
    ("gardien", "Joseph Moreau", "gardien", [], ["RES-TIL", "RES-GRA"]),
    ("backoffice", "Sylvie Mercier", "back_office", [], []),
    ("admin", "Admin Palier", "admin", [], []),
]


def load_demo() -> dict[str, Any]:
    """Create the demo agency and users; running it again changes nothing."""
    parsed = ParsedReferentiel()
    for name, text in demo_csv_files().items():
        assert name in FILES
        parse_csv_text(name, text, parsed)
    plan = plan_import(parsed)
    summary = apply_import(plan)
    db.session.flush()
    created = []
    for login, name, role, secteurs, residences in DEMO_USERS:
        if db.session.execute(select(User).where(User.login == login)).scalar_one_or_none():
            continue
        user = User(login=login, name=name, role=role, password_hash=hash_password(DEMO_PASSWORD))
        user.secteurs = list(
            db.session.execute(select(Secteur).where(Secteur.code.in_(secteurs))).scalars()
        )
        user.residences = list(
            db.session.execute(select(Residence).where(Residence.code.in_(residences))).scalars()
        )
        db.session.add(user)
        created.append(login)
    db.session.commit()
    return {"referentiel": summary, "users_created": created}
