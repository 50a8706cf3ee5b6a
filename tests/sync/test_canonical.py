"""The canonical form (docs/canonical.md): the shared vectors, refusals, and the EDL document."""

from __future__ import annotations

import copy
import json
import math
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.canonical import (
    EXCLUDED_FIELDS,
    EXCLUDED_PREFIX,
    CanonicalError,
    canonical_addendum,
    canonical_addendum_text,
    canonical_document,
    canonical_json,
    canonical_text,
    content_hash,
    es_number,
)

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests/vectors/canonical.json").read_text(encoding="utf-8"))
JS_SOURCE = (ROOT / "pwa/src/lib/canonical.js").read_text(encoding="utf-8")


def compute(kind: str, value: Any) -> str:
    if kind == "json":
        return canonical_json(value)
    if kind == "addendum":
        return canonical_addendum_text(value["addendum"], value["photos"])
    return canonical_text(value["edl"], value["elements"], value["photos"])


def test_the_vectors_cover_what_the_spec_asks() -> None:
    names = [case["name"] for case in VECTORS["cases"]]
    assert len(names) == len(set(names)) == 22
    assert [case["kind"] for case in VECTORS["cases"]].count("edl") == 3
    assert [case["kind"] for case in VECTORS["cases"]].count("addendum") == 2
    assert len(VECTORS["refused"]) == 11


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda case: case["name"])
def test_vector(case: dict[str, Any]) -> None:
    text = compute(case["kind"], case["input"])
    assert text == case["canonical"]
    assert content_hash(text) == case["sha256"]


@pytest.mark.parametrize("case", VECTORS["refused"], ids=lambda case: case["name"])
def test_refused_vector(case: dict[str, Any]) -> None:
    with pytest.raises(CanonicalError) as caught:
        compute(case["kind"], case["input"])
    assert caught.value.code == case["code"]


def test_content_hash_is_sha256_of_the_utf8_bytes() -> None:
    assert content_hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    # UTF-8 (c3 a9), not Latin-1 (e9)
    assert content_hash("é") == "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "0"),
        (-0.0, "0"),
        (5.0, "5"),
        (350.5, "350.5"),
        (4.50, "4.5"),
        (2e-3, "0.002"),
        (0.000001, "0.000001"),
        (1e-7, "1e-7"),
        (1e16, "10000000000000000"),
        (1e20, "100000000000000000000"),
        (1e21, "1e+21"),
        (1e30, "1e+30"),
        (123e-20, "1.23e-18"),
        (333333333.33333329, "333333333.3333333"),
        (9007199254740993, "9007199254740992"),
        (2**63, "9223372036854776000"),
        (-1.5, "-1.5"),
        (5e-324, "5e-324"),
    ],
)
def test_es_number(number: float, text: str) -> None:
    assert es_number(number) == text


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf, 10**400])
def test_non_finite_numbers_are_refused(number: float) -> None:
    with pytest.raises(CanonicalError) as caught:
        canonical_json({"index": [number]})
    assert caught.value.code == "non_finite_number"


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "\ud83d\ude00"])
def test_surrogate_code_points_are_refused_in_values_and_keys(text: str) -> None:
    # In a Python str, even a "pair" of surrogate code points is not text: it has no UTF-8 form.
    for value in (text, {text: 1}, [1, {"k": [text]}]):
        with pytest.raises(CanonicalError) as caught:
            canonical_json(value)
        assert caught.value.code == "lone_surrogate"


def test_characters_beyond_the_bmp_are_written_as_themselves() -> None:
    assert canonical_json({"\U0001f600": "\U0001f511"}) == '{"😀":"🔑"}'


@pytest.mark.parametrize("value", [Decimal("1.5"), {1, 2}, b"x", {1: "a"}, object()])
def test_values_without_a_json_form_are_refused(value: Any) -> None:
    with pytest.raises(CanonicalError) as caught:
        canonical_json([value])
    assert caught.value.code == "unsupported_type"


def test_booleans_are_not_numbers_and_tuples_are_lists() -> None:
    assert canonical_json([True, False, None, (1, 2.0)]) == "[true,false,null,[1,2]]"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_es_number_reads_back_as_the_same_double(number: float) -> None:
    text = es_number(number)
    assert float(text) == number
    assert ".0" not in text.split("e")[0][-2:] and "e+0" not in text and "e-0" not in text


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=["Cs"])),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(st.characters(exclude_categories=["Cs"]), max_size=4), inner, max_size=4
        )
    ),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_canonical_text_is_json_of_the_same_value_and_a_fixed_point(value: Any) -> None:
    text = canonical_json(value)
    # every JSON number is a double: "65787907234845110" is the float 6.578790723484511e16
    assert json.loads(text, parse_int=float) == value
    assert canonical_json(json.loads(text)) == text


def js_list(name: str) -> list[str]:
    body = re.search(rf"export const {name} = Object\.freeze\(\[(.*?)\]\);", JS_SOURCE, re.S)
    assert body is not None
    return re.findall(r"'([^']*)'", body[1])


def test_python_and_javascript_leave_out_the_same_fields() -> None:
    assert sorted(js_list("EXCLUDED_FIELDS")) == sorted(EXCLUDED_FIELDS)
    prefix = re.search(r"export const EXCLUDED_PREFIX = '([^']*)';", JS_SOURCE)
    assert prefix is not None and prefix[1] == EXCLUDED_PREFIX == "_"
    assert {"statut", "content_hash", "residence_id", "review_state", "review_comment"} <= (
        EXCLUDED_FIELDS
    )


# --- the document of an état des lieux ----------------------------------------------------------

EDL = "0190f3a2-7c1e-7a00-8000-000000000e01"
ELEMENTS = ["0190f3a2-7c1e-7a00-8000-0000000e1001", "0190f3a2-7c1e-7a00-8000-0000000e1002"]
SHA_A, SHA_B = "a" * 64, "b" * 64


def server_form() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """An EDL as the server pulls it: every column (null when unset), server fields, conflicts."""
    edl = {
        "entity": "etat_des_lieux",
        "record": EDL,
        "version": 4,
        "deleted": False,
        "hlc": "001764150000000-00000-srv",
        "fields": {
            "logement_id": "0190f3a2-0000-7000-8000-00000000a101",
            "sens": "entree",
            "date_edl": "2026-11-26T09:30:00+01:00",
            "entree_id": None,
            "mandataire": None,
            "compteurs": [{"type": "eau_froide", "numero": "EF-1", "index": 350.5}],
            "cles": [],
            "statut": "signe",
            "content_hash": "f" * 64,
            "residence_id": "0190f3a2-0000-7000-8000-0000000000b1",
            "review_state": "a_traiter",
            "review_comment": None,
            "_conflicts": [{"id": "x", "field": "sens"}],
        },
    }
    elements = [
        {
            "entity": "edl_element",
            "record": ELEMENTS[1],
            "version": 2,
            "deleted": False,
            "fields": {
                "edl_id": EDL,
                "piece": "Séjour",
                "element": "Sols",
                "etat": "bon",
                "ordre": 2,
                "observations": None,
                "residence_id": "r",
                "_conflicts": [],
            },
        },
        {
            "entity": "edl_element",
            "record": ELEMENTS[0],
            "version": 2,
            "deleted": False,
            "fields": {
                "edl_id": EDL,
                "piece": "Entrée",
                "element": "Murs",
                "etat": "usage",
                "ordre": 1.0,
                "observations": None,
                "residence_id": "r",
                "_conflicts": [],
            },
        },
    ]
    photos = [
        {
            "record": "p1",
            "deleted": False,
            "fields": {
                "sha256": SHA_B,
                "owner_entity": "edl_element",
                "owner_record": ELEMENTS[0],
                "caption": None,
                "taken_at": None,
                "residence_id": "r",
            },
        },
        {
            "record": "p2",
            "deleted": False,
            "fields": {
                "sha256": SHA_A,
                "owner_entity": "etat_des_lieux",
                "owner_record": EDL,
                "caption": "Compteur",
                "taken_at": None,
                "residence_id": "r",
            },
        },
    ]
    return edl, elements, photos


def device_form() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The same EDL as the tablet holds it: Dexie rows with only the fields written, any order."""
    edl = {
        "record": EDL,
        "fields": {
            "id": EDL,
            "_v": 4,
            "cles": [],
            "compteurs": [{"index": 350.5, "numero": "EF-1", "type": "eau_froide"}],
            "sens": "entree",
            "logement_id": "0190f3a2-0000-7000-8000-00000000a101",
            "date_edl": "2026-11-26T09:30:00+01:00",
        },
    }
    elements = [
        {
            "record": ELEMENTS[0],
            "fields": {
                "id": ELEMENTS[0],
                "_v": 2,
                "edl_id": EDL,
                "ordre": 1,
                "piece": "Entrée",
                "element": "Murs",
                "etat": "usage",
            },
        },
        {
            "record": ELEMENTS[1],
            "fields": {
                "id": ELEMENTS[1],
                "_v": 2,
                "edl_id": EDL,
                "ordre": 2,
                "piece": "Séjour",
                "element": "Sols",
                "etat": "bon",
            },
        },
    ]
    photos = [
        {
            "record": "p2",
            "fields": {"owner_record": EDL, "owner_entity": "etat_des_lieux", "sha256": SHA_A},
        },
        {
            "record": "p1",
            "fields": {"owner_record": ELEMENTS[0], "owner_entity": "edl_element", "sha256": SHA_B},
        },
    ]
    return edl, elements, photos


EXPECTED_TEXT = (
    '{"elements":['
    '{"fields":{"edl_id":"0190f3a2-7c1e-7a00-8000-000000000e01","element":"Murs","etat":"usage",'
    '"ordre":1,"piece":"Entrée"},"id":"0190f3a2-7c1e-7a00-8000-0000000e1001"},'
    '{"fields":{"edl_id":"0190f3a2-7c1e-7a00-8000-000000000e01","element":"Sols","etat":"bon",'
    '"ordre":2,"piece":"Séjour"},"id":"0190f3a2-7c1e-7a00-8000-0000000e1002"}],'
    '"entity":"etat_des_lieux",'
    '"fields":{"cles":[],"compteurs":[{"index":350.5,"numero":"EF-1","type":"eau_froide"}],'
    '"date_edl":"2026-11-26T09:30:00+01:00","logement_id":"0190f3a2-0000-7000-8000-00000000a101",'
    '"sens":"entree"},'
    '"id":"0190f3a2-7c1e-7a00-8000-000000000e01",'
    '"photos":[{"owner":"0190f3a2-7c1e-7a00-8000-000000000e01","sha256":"' + SHA_A + '"},'
    '{"owner":"0190f3a2-7c1e-7a00-8000-0000000e1001","sha256":"' + SHA_B + '"}]}'
)


def test_server_and_device_forms_of_one_edl_have_the_same_text() -> None:
    assert canonical_text(*server_form()) == EXPECTED_TEXT
    assert canonical_text(*device_form()) == EXPECTED_TEXT


def test_the_inputs_are_not_changed() -> None:
    inputs = server_form()
    before = copy.deepcopy(inputs)
    canonical_document(*inputs)
    assert inputs == before


def test_signed_content_changes_with_a_condition_a_photo_or_an_observation() -> None:
    base = content_hash(canonical_text(*device_form()))
    edl, elements, photos = device_form()
    elements[1]["fields"]["etat"] = "usage"
    assert content_hash(canonical_text(edl, elements, photos)) != base
    edl, elements, photos = device_form()
    photos.append(
        {
            "record": "p3",
            "fields": {
                "owner_entity": "edl_element",
                "owner_record": ELEMENTS[1],
                "sha256": "c" * 64,
            },
        }
    )
    assert content_hash(canonical_text(edl, elements, photos)) != base
    edl, elements, photos = device_form()
    edl["fields"]["observations"] = ""  # an empty text is written content, unlike null
    assert content_hash(canonical_text(edl, elements, photos)) != base


def test_server_fields_signatures_and_review_do_not_change_it() -> None:
    edl, elements, photos = server_form()
    edl["fields"].update(statut="brouillon", content_hash=None, review_state="valide")
    edl["fields"]["_conflicts"] = []
    elements[0]["fields"]["residence_id"] = "other"
    # a signature is a record of its own, not one of the document's children
    photos.append(
        {
            "record": "s1",
            "fields": {"owner_entity": "signature", "owner_record": EDL, "sha256": "d" * 64},
        }
    )
    assert canonical_text(edl, elements, photos) == EXPECTED_TEXT


def test_a_deleted_element_takes_its_photos_with_it() -> None:
    edl, elements, photos = device_form()
    elements[0]["deleted"] = True
    document = canonical_document(edl, elements, photos)
    assert [element["id"] for element in document["elements"]] == [ELEMENTS[1]]
    assert document["photos"] == [{"owner": EDL, "sha256": SHA_A}]


# --- the document of an addendum -----------------------------------------------------------------

ADDENDUM = "0190f3a2-7c1e-7a00-8000-0000000ad001"


def test_an_addendum_signs_its_fields_and_its_own_photos_only() -> None:
    addendum = {
        "record": ADDENDUM,
        "fields": {"edl_id": EDL, "type": "complement", "texte": "Plafond", "statut": "signe"},
    }
    photos = [
        {
            "record": "p1",
            "fields": {"owner_entity": "edl_addendum", "owner_record": ADDENDUM, "sha256": SHA_B},
        },
        {
            "record": "p2",
            "fields": {"owner_entity": "etat_des_lieux", "owner_record": EDL, "sha256": SHA_A},
        },
    ]
    assert canonical_addendum(addendum, photos) == {
        "addendum": {
            "id": ADDENDUM,
            "fields": {"edl_id": EDL, "type": "complement", "texte": "Plafond"},
        },
        "photos": [{"owner": ADDENDUM, "sha256": SHA_B}],
    }
    before = content_hash(canonical_addendum_text(addendum, photos))
    addendum["fields"]["texte"] = "Plafond taché"
    assert content_hash(canonical_addendum_text(addendum, photos)) != before
