"""The witness statement's canonical form (sync/attestation.py) against the vectors of
tests/vectors/attestation.json, which the tablet's pwa/src/troubles/attestation.js meets too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sync.attestation import canonical_attestation_text
from sync.canonical import CanonicalError, content_hash

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests/vectors/attestation.json").read_text(encoding="utf-8"))


def test_the_vectors_cover_photos_characters_and_refusals() -> None:
    names = [case["name"] for case in VECTORS["cases"]]
    assert len(names) == len(set(names)) == 3
    assert [len(case["input"]["photos"]) for case in VECTORS["cases"]] == [4, 2, 0]
    assert [case["code"] for case in VECTORS["refused"]] == ["invalid_document"] * 2


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda case: case["name"][:40])
def test_vector(case: dict[str, Any]) -> None:
    given = case["input"]
    text = canonical_attestation_text(given["attestation"], given["photos"])
    assert text == case["canonical"]
    assert content_hash(text) == case["sha256"]


@pytest.mark.parametrize("case", VECTORS["refused"], ids=lambda case: case["name"])
def test_refused_vector(case: dict[str, Any]) -> None:
    with pytest.raises(CanonicalError) as caught:
        canonical_attestation_text(case["input"]["attestation"], case["input"]["photos"])
    assert caught.value.code == case["code"]


def test_the_signed_text_keeps_what_the_witness_wrote_and_only_that() -> None:
    first = VECTORS["cases"][0]
    assert first["sha256"] == "8a136ba93b37fcd1a7e11e48d6d68bd3d9bbde7d71723e664c3ee7c3566a5fee"
    signed = json.loads(first["canonical"])
    assert sorted(signed) == ["attestation", "photos"]
    assert "statut" not in signed["attestation"]["fields"]
    assert "review_state" not in signed["attestation"]["fields"]
    assert "\u00a0— j'étais" in signed["attestation"]["fields"]["faits"]
    assert signed["photos"] == [
        {
            "owner": "0190f3a2-0000-7000-8000-00000000a701",
            "sha256": "3f0a9c1e5b7d24680f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778",
        }
    ]
