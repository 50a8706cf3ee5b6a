"""Fuzzing the push with bodies generated from the published documents: every one is applied.

If the server refused a value the documents allow, a rule would be missing from them. Only the
stateful parts (seq, ids, clock, the logement) are filled in by the test.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from tests.server.conftest import LOGEMENT_R1
from tests.server.sync_helpers import FakeDevice, hlc

FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
OFFSETS = [None, UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5))]


def date_times(min_date: str, max_days_ahead: int) -> st.SearchStrategy[str]:
    """Date-times inside the published bounds, written the ways the pattern allows."""
    low = datetime.combine(date.fromisoformat(min_date), datetime.min.time())
    # a day of margin: an offset moves the instant by hours, and the test takes time
    high = datetime.now() + timedelta(days=max_days_ahead - 1)

    def write(moment: datetime, zone: Any, spec: str, zulu: bool) -> str:
        text = moment.replace(tzinfo=zone).isoformat(timespec=spec)
        return text.replace("+00:00", "Z") if zulu else text

    return st.builds(
        write,
        st.datetimes(min_value=low, max_value=high),
        st.sampled_from(OFFSETS),
        st.sampled_from(["minutes", "seconds", "microseconds"]),
        st.booleans(),
    )


def json_schema(node: Any, components: dict, formats: dict) -> Any:
    """OpenAPI 3.0 (or a published rule) as JSON Schema: refs inlined, nullable as a type."""
    if isinstance(node, list):
        return [json_schema(item, components, formats) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return json_schema(components[node["$ref"].rsplit("/", 1)[1]], components, formats)
    out = {}
    for key, value in node.items():
        if key in ("properties", "items", "oneOf", "allOf", "anyOf"):
            if key == "properties":
                out[key] = {k: json_schema(v, components, formats) for k, v in value.items()}
            else:
                out[key] = json_schema(value, components, formats)
        elif not key.startswith("x-") and key not in (
            "nullable",
            "description",
            "discriminator",
            "messages",
            "minDate",
            "maxDaysAhead",
        ):
            out[key] = value
    min_date = node.get("x-minDate", node.get("minDate"))
    if min_date is not None:
        days = node.get("x-maxDaysAhead", node.get("maxDaysAhead"))
        name = f"palier-date-{min_date}-{days}"
        formats[name] = date_times(min_date, days)
        out["format"] = name
    if node.get("nullable"):
        out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    return out


def generate(schema: dict[str, Any], formats: dict) -> st.SearchStrategy[Any]:
    """Values of a JSON Schema; objects are drawn key by key.

    hypothesis-jsonschema 0.23.1 draws objects through a Hypothesis internal that recent
    Hypothesis releases removed; its strategies for every other type still work.
    """
    if schema.get("type") == "object" and "properties" in schema:
        assert schema.get("additionalProperties") is False
        required = set(schema.get("required", ()))
        members = {k: generate(v, formats) for k, v in schema["properties"].items()}
        return st.fixed_dictionaries(
            {k: v for k, v in members.items() if k in required},
            optional={k: v for k, v in members.items() if k not in required},
        )
    return from_schema(schema, custom_formats=formats)


def push_one(device: FakeDevice, mutation: dict[str, Any]) -> dict[str, Any]:
    """Push a generated mutation with this device's seq, fresh ids and a valid clock."""
    device.seq += 1
    mutation = mutation | {
        "seq": device.seq,
        "id": str(uuid.uuid4()),
        "record": str(uuid.uuid4()),
        "hlc": hlc(device.id, device.seq),
    }
    mutation["fields"] = mutation["fields"] | {"logement_id": LOGEMENT_R1}
    response = device.push(mutation)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["results"][0]


def test_visites_generated_from_the_openapi_document_are_applied(client, login_device) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    components = spec["components"]["schemas"]
    formats: dict[str, st.SearchStrategy[str]] = {}
    create = json_schema(components["VisiteCreate"], components, formats)
    assert create["required"][-1] == "fields"
    assert create["properties"]["fields"]["required"] == ["logement_id", "type"]
    device = FakeDevice(client, login_device("gestionnaire"))

    @FUZZ
    @given(generate(create, formats))
    def check(mutation: dict[str, Any]) -> None:
        result = push_one(device, mutation)
        assert result["status"] == "applied", (mutation["fields"], result)

    check()


def test_visites_generated_from_the_gardien_rules_are_applied(client, login_device) -> None:
    login = login_device("gardien")
    rules = client.get("/api/v1/rules", headers=login["headers"]).get_json()["entities"]["visite"]
    formats: dict[str, st.SearchStrategy[str]] = {}
    fields = {
        "type": "object",
        "additionalProperties": False,
        "required": rules["required_on_create"],
        "properties": {
            name: json_schema(rule, {}, formats) for name, rule in rules["fields"].items()
        },
    }
    device = FakeDevice(client, login)

    @FUZZ
    @given(generate(fields, formats))
    def check(values: dict[str, Any]) -> None:
        mutation = {"entity": "visite", "op": "upsert", "base": None, "fields": values}
        result = push_one(device, mutation)
        assert result["status"] == "applied", (values, result)

    check()
