"""The EDL de sortie on the server: the exit fields of elements, the logement's renewals, the
vétusté lines (server/documents/sortie.py) and the exit PDF."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from server.documents.sortie import grilles_by_element, sortie_lines
from server.extensions import db
from server.models import EdlElement
from server.referentiel import apply_import, plan_import
from server.referentiel_io import ParsedReferentiel, parse_csv_text
from tests.server.conftest import LOGEMENT_R1
from tests.server.sync_helpers import FakeDevice, new_id
from tests.server.test_edl_family import Edl, _push_ok, _signature, _transparent_png, _upload
from tests.sync.shared_vectors import load_cases

LOGEMENTS_WITH_RENEWALS = (
    "code;batiment_code;numero;etage;typologie;surface;nature;renouvellements\n"
    "R1-A-101;R1-A;101;1;T3;64,5;logement;peinture=2020-03-01|Moquette=01/03/2022\n"
)
GRILLE = (
    "element;duree_vie;franchise;abattement_annuel;part_residuelle\n"
    "Peinture;9;1;10;20\n"
    "Moquette;7;1;15;10\n"
    "Lavabo;20;2;5;10\n"
)


def _import(files: dict[str, str]) -> None:
    parsed = ParsedReferentiel()
    for name, text in files.items():
        parse_csv_text(name, text, parsed)
    plan = plan_import(parsed)
    assert not plan.errors, [str(e) for e in plan.errors]
    apply_import(plan)
    db.session.commit()


@pytest.fixture
def renewals(app: Flask, agency: None) -> None:
    """The logement R1-A-101 with its known renewals, and three grille lines."""
    with app.app_context():
        _import({"logements.csv": LOGEMENTS_WITH_RENEWALS, "grille_vetuste.csv": GRILLE})
        db.session.remove()


def _sortie_fields(entree_id: str | None) -> dict[str, Any]:
    return {
        "logement_id": LOGEMENT_R1,
        "sens": "sortie",
        "date_edl": "2026-03-01T10:00:00+01:00",
        "entree_id": entree_id,
        "parties": [
            {"role": "locataire", "nom": "Marie Dupont", "adresse": "3 rue Mercière, 69002 Lyon"},
            {"role": "bailleur", "nom": "Office Rhône Habitat", "adresse": None},
        ],
    }


def _element(edl_id: str, ordre: int, element: str, **more: Any) -> dict[str, Any]:
    return {"edl_id": edl_id, "piece": "Séjour", "element": element, "ordre": ordre, **more}


def test_exit_fields_are_stored_and_pulled(client: FlaskClient, login_device, app: Flask) -> None:
    claire = FakeDevice(client, login_device("gestionnaire", "Tablette A"))
    other = FakeDevice(client, login_device("gestionnaire", "Tablette B"))
    _changes, cursor = other.pull_all()
    sortie, element, entree_element = new_id(), new_id(), new_id()
    exit_fields = {
        "entree_element_id": entree_element,
        "etat_entree": "bon",
        "etat": "mauvais",
        "identique_entree": False,
        "imputation": "degradation",
        "cout": 12.5,
        "installe_le": "2020-03-01",
        "grille_element": "Peinture",
    }
    # a sortie without an EDL d'entrée is accepted: nothing to continue
    _push_ok(
        claire,
        claire.mutation(sortie, _sortie_fields(None), entity="etat_des_lieux"),
        claire.mutation(element, _element(sortie, 1, "Murs", **exit_fields), entity="edl_element"),
    )
    changes, _cursor = other.pull_all(cursor)
    pulled = {c["record"]: c["fields"] for c in changes}
    assert pulled[sortie]["entree_id"] is None
    assert pulled[sortie]["parties"][0]["adresse"] == "3 rue Mercière, 69002 Lyon"
    assert {k: pulled[element][k] for k in exit_fields} == exit_fields
    with app.app_context():
        stored = db.session.get(EdlElement, element)
        assert (stored.cout, stored.installe_le, stored.imputation) == (
            12.5,
            "2020-03-01",
            "degradation",
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cout", "12,50", "Nombre attendu."),
        ("cout", "abc", "Nombre attendu."),
        ("cout", True, "Nombre attendu."),
        ("cout", 12.345, "Deux décimales au plus (un montant en euros)."),
        ("cout", -1, "Nombre trop petit (0 au moins)."),
        ("cout", 1_000_000.01, "Nombre trop grand (1 000 000 au plus)."),
        ("installe_le", "2026-02-30", "Date invalide (format AAAA-MM-JJ attendu, ex. 2020-03-01)."),
        ("installe_le", "01/03/2020", "Date invalide (format AAAA-MM-JJ attendu, ex. 2020-03-01)."),
        (
            "imputation",
            "locataire",
            "Valeur non autorisée (valeurs possibles : degradation, usure_normale).",
        ),
        (
            "etat_entree",
            "cassé",
            "Valeur non autorisée (valeurs possibles : neuf, bon, usage, mauvais, hors_service).",
        ),
    ],
)
def test_bad_exit_values_are_refused_in_french(
    client: FlaskClient, login_device, field: str, value: Any, message: str
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    sortie = new_id()
    _push_ok(claire, claire.mutation(sortie, _sortie_fields(None), entity="etat_des_lieux"))
    fields = _element(sortie, 1, "Murs", **{field: value})
    result = claire.push(claire.mutation(new_id(), fields, entity="edl_element")).get_json()[
        "results"
    ][0]
    assert (result["status"], result["code"]) == ("rejected", "validation_error")
    assert result["errors"] == {field: [message]}


def test_amounts_at_the_bounds_are_accepted(client: FlaskClient, login_device) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    sortie = new_id()
    _push_ok(claire, claire.mutation(sortie, _sortie_fields(None), entity="etat_des_lieux"))
    _push_ok(
        claire,
        *(
            claire.mutation(new_id(), _element(sortie, i, "Murs", cout=cout), entity="edl_element")
            for i, cout in enumerate([0, 0.01, 349.99, 1_000_000])
        ),
    )


def test_the_logement_renewals_are_imported_and_pulled(
    client: FlaskClient, login_device, app: Flask
) -> None:
    device = FakeDevice(client, login_device("gestionnaire"))
    changes, cursor = device.pull_all()
    logement = next(c for c in changes if c["record"] == LOGEMENT_R1)
    assert logement["fields"]["renouvellements"] == {}
    with app.app_context():
        _import({"logements.csv": LOGEMENTS_WITH_RENEWALS})
    changes, _cursor = device.pull_all(cursor)
    logement = next(c for c in changes if c["record"] == LOGEMENT_R1)
    assert logement["version"] == 2
    assert logement["fields"]["renouvellements"] == {
        "peinture": "2020-03-01",
        "Moquette": "2022-03-01",
    }


def test_bad_renewals_are_reported_by_file_and_line() -> None:
    parsed = ParsedReferentiel()
    text = (
        "code;batiment_code;numero;renouvellements\n"
        "X-1;B;1;peinture=2020-03-01\n"
        "X-2;B;2;peinture 2020\n"
        "X-3;B;3;peinture=2020-13-01\n"
    )
    parse_csv_text("logements.csv", text, parsed)
    assert [r["renouvellements"] for r in parsed.rows["logement"]] == [{"peinture": "2020-03-01"}]
    assert [str(e) for e in parsed.errors] == [
        "logements.csv, ligne 3 : « renouvellements » : « peinture 2020 » n'est pas de la forme "
        "élément=date (ex. peinture=2020-03-01|moquette=2019-05-01)",
        "logements.csv, ligne 4 : « renouvellements (peinture) » doit être une date JJ/MM/AAAA "
        "(reçu « 2020-13-01 »)",
    ]


# --- the vétusté lines --------------------------------------------------------------------------

VETUSTE = load_cases("vetuste.json")


def _as_referentiel(grille: dict[str, Any]) -> dict[str, Any]:
    """A vector's grille (fractions) as the référentiel holds it (percent)."""
    percent = {
        k: str(Decimal(str(grille[k])) * 100) for k in ("abattement_annuel", "part_residuelle")
    }
    return grille | percent


@pytest.mark.parametrize("case", VETUSTE, ids=[c["name"] for c in VETUSTE])
def test_sortie_lines_follow_the_shared_vectors(case: dict[str, Any]) -> None:
    element = {
        "id": "e1",
        "element": "Murs",
        "etat_entree": "bon",
        "etat": "mauvais",
        "imputation": "degradation" if case["degradation"] else "usure_normale",
        "cout": case["cout"],
        "installe_le": case["installe_le"],
        "grille_element": case["grille"]["element"].upper(),
    }
    result = sortie_lines(
        {"date_edl": case["sortie_le"] + "T10:00:00+01:00"},
        [element],
        grilles_by_element([_as_referentiel(case["grille"])]),
        None,
    )
    (line,) = result.lines
    assert line.age == case["age"]
    assert line.part_locataire == Decimal(str(case["part_locataire"])).quantize(Decimal("0.01"))
    assert line.part_locataire + line.part_bailleur == line.cout
    assert result.total_locataire == line.part_locataire


def test_sortie_lines_choose_what_is_charged_and_total_it() -> None:
    # as the référentiel stores it: rates in percent
    peinture = {"element": "Peinture", "duree_vie": 9, "franchise": 1}
    grilles = grilles_by_element([peinture | {"abattement_annuel": 10.0, "part_residuelle": 20.0}])
    worse = {"etat_entree": "bon", "etat": "mauvais"}
    elements = [
        # pull-shaped, installation date from the entry
        {
            "record": "a",
            "deleted": False,
            "fields": {"ordre": 2, "imputation": "degradation", "cout": 800.0, **worse}
            | {"grille_element": "peinture", "element": "Plafond"},
        },
        {"id": "b", "ordre": 1, "imputation": "degradation", "cout": 100, "element": "Plan"}
        | {"grille_element": "Plan de travail", **worse},
        {"id": "c", "ordre": 3, "imputation": "usure_normale", "cout": 300, **worse},
        {"id": "d", "ordre": 4, "imputation": "degradation", "cout": 50, "etat_entree": "bon"}
        | {"etat": "bon"},  # no worse than at the entry: nothing to charge
        {"id": "e", "ordre": 5, "imputation": "degradation", "cout": None, **worse},
        {"id": "f", "ordre": 6, "imputation": None, "cout": 20, **worse},
        {"id": "g", "ordre": 7, "imputation": "degradation", "cout": 10, "absent": True}
        | {"etat_entree": "bon"},  # gone since the entry: worse, whatever its condition
        {"record": "h", "deleted": True, "fields": {"imputation": "degradation", "cout": 5}},
    ]
    result = sortie_lines(
        {"date_edl": "2026-03-01T00:30:00+01:00"}, elements, grilles, "2014-03-01T09:00:00Z"
    )
    assert result.sortie_le == date(2026, 3, 1)
    assert [(x.element_id, x.part_locataire, x.part_bailleur) for x in result.lines] == [
        ("b", Decimal("100.00"), Decimal("0.00")),
        ("a", Decimal("160.00"), Decimal("640.00")),  # 12 years: the 20 % residual share
        ("c", Decimal("0.00"), Decimal("300.00")),
        ("g", Decimal("10.00"), Decimal("0.00")),
    ]
    assert result.lines[0].remarque.startswith("Pas de grille de vétusté pour cet élément")
    assert result.lines[1].installe_le == date(2014, 3, 1)
    assert (result.total_cout, result.total_locataire, result.total_bailleur) == (
        Decimal("1210.00"),
        Decimal("270.00"),
        Decimal("940.00"),
    )


# --- the exit PDF -------------------------------------------------------------------------------


def _pdf_text(client: FlaskClient, device: FakeDevice, edl_id: str) -> str:
    response = client.get(f"/api/v1/documents/etat_des_lieux/{edl_id}.pdf", headers=device.headers)
    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    return " ".join(text.split())  # cells wrap, and amounts hold no-break spaces


def _signed_entree(client: FlaskClient, device: FakeDevice) -> Edl:
    entree = Edl(client, device)
    entree.fields["date_edl"] = "2014-03-01T10:00:00+01:00"
    digest = entree.device_hash()
    image = _upload(client, device, _transparent_png())
    _push_ok(
        device,
        *entree.mutations(device),
        _signature(device, entree, "locataire", "Marie Dupont-Éléonore", image, digest),
        _signature(device, entree, "bailleur", "Claire Fontaine", image, digest),
    )
    return entree


def test_the_exit_pdf_compares_and_prices_element_by_element(
    client: FlaskClient, login_device, renewals: None
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    entree = _signed_entree(client, claire)
    sol, murs = list(entree.elements)
    sortie = new_id()
    worse = {"etat_entree": "bon", "etat": "mauvais"}
    elements = [
        _element(sortie, 1, "Murs", entree_element_id=murs, grille_element="Peinture")
        | {"etat_entree": "usage", "etat": "hors_service"}
        | {"imputation": "degradation", "cout": 800, "installe_le": "2020-03-01"},
        _element(sortie, 2, "Sol", entree_element_id=sol, grille_element="moquette", **worse)
        | {"imputation": "degradation", "cout": 1200, "installe_le": "2022-03-01"},
        _element(sortie, 3, "Lavabo", grille_element="Lavabo", **worse)
        | {"imputation": "degradation", "cout": 349.99, "installe_le": "2016-03-01"},
        _element(sortie, 4, "Plafond", grille_element="Peinture", **worse)
        | {"imputation": "usure_normale", "cout": 800, "observations": "Jauni"},
        _element(sortie, 5, "Plan de travail", grille_element="Stratifié", **worse)
        | {"imputation": "degradation", "cout": 100},
        _element(sortie, 6, "Fenêtre", etat_entree="bon", etat="bon", identique_entree=True),
    ]
    _push_ok(
        claire,
        claire.mutation(sortie, _sortie_fields(entree.id), entity="etat_des_lieux"),
        *(claire.mutation(new_id(), e, entity="edl_element") for e in elements),
    )
    text = _pdf_text(client, claire, sortie)
    assert "État des lieux de sortie" in text
    assert "État des lieux d'entrée du 01/03/2014 à 10h00" in text
    assert "Nouvelle adresse du locataire : 3 rue Mercière, 69002 Lyon" in text
    # entry and exit side by side, the entry's observations beside its condition
    assert "Séjour — Murs État d'usage Trace près de la fenêtre Hors service" in text
    assert "Séjour — Plafond Bon état Mauvais état Jauni" in text
    assert "Séjour — Fenêtre" not in text
    # the vétusté line by line: the shared vectors' amounts
    assert "Séjour — Murs Dégradation 01/03/2020 6 ans 50 % 800,00 € 400,00 € 400,00 €" in text
    assert "Séjour — Sol Dégradation 01/03/2022 4 ans 55 % 1 200,00 € 660,00 € 540,00 €" in text
    assert "Séjour — Lavabo Dégradation 01/03/2016 10 ans 60 % 349,99 € 209,99 € 140,00 €" in text
    assert "Séjour — Plafond Usure normale 01/03/2014 12 ans 0 % 800,00 € 0,00 € 800,00 €" in text
    assert (
        "Séjour — Plan de travail Dégradation 01/03/2014 — 100 % 100,00 € 100,00 € 0,00 €" in text
    )
    assert (
        "Grille « Peinture » : durée de vie 9 ans, franchise 1 an, abattement 10 % par an, part "
        "résiduelle 20 %. Âge 6 ans : max(20 % ; 100 % − 10 % × 5) = max(20 % ; 50 %) = 50 % "
        "de 800,00 € = 400,00 €."
    ) in text
    assert (
        "Pas de grille de vétusté pour cet élément : le coût est à la charge du locataire." in text
    )
    assert "Total 3 249,99 € 1 369,99 € 1 880,00 €" in text


def test_a_sortie_without_a_signed_entree_says_so(
    client: FlaskClient, login_device, renewals: None
) -> None:
    claire = FakeDevice(client, login_device("gestionnaire"))
    unsigned = Edl(client, claire)
    _push_ok(claire, *unsigned.mutations(claire))
    for entree_id in (None, unsigned.id):
        sortie = new_id()
        fields = _element(sortie, 1, "Murs", grille_element="Peinture", etat="mauvais")
        fields |= {"imputation": "degradation", "cout": 800, "installe_le": "2020-03-01"}
        _push_ok(
            claire,
            claire.mutation(sortie, _sortie_fields(entree_id), entity="etat_des_lieux"),
            claire.mutation(new_id(), fields, entity="edl_element"),
        )
        text = _pdf_text(client, claire, sortie)
        assert "Sans état des lieux d'entrée signé : pas de comparaison élément par élément." in (
            text
        )
        assert "État des lieux d'entrée du" not in text
        assert "Total 800,00 € 400,00 € 400,00 €" in text
