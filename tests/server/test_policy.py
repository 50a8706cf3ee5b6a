"""The authorization matrix: every role × action, a résidence in and out of scope."""

from __future__ import annotations

import pytest

from server.families.visite import may_write_visite_type
from server.policy import ACTION_ROLES, is_allowed, may_revoke_device

IN, OUT = "res-in", "res-out"
SCOPED = frozenset({IN})
ROLE_SCOPE = {"gestionnaire": SCOPED, "gardien": SCOPED, "back_office": None, "admin": None}

# action -> (gestionnaire, gardien, back_office, admin) for a résidence IN scope
EXPECTED_IN = {
    "subject.export": (False, False, True, True),
    "retention.manage": (False, False, False, True),
    "sync.pull": (True, True, True, True),
    "visite.write": (True, True, True, True),
    "photo.write": (True, True, True, True),
    "etat_des_lieux.write": (True, False, True, True),
    "edl_element.write": (True, False, True, True),
    "edl_addendum.write": (True, False, True, True),
    "signature.write": (True, False, True, True),
    "dossier_trouble.write": (True, False, True, True),
    "fait.write": (True, True, True, True),
    "entretien.write": (True, False, True, True),
    "demarche.write": (True, False, True, True),
    "attestation_temoin.write": (True, False, True, True),
    "reclamation.write": (True, True, True, True),
    "reclamation_evenement.write": (True, True, True, True),
    "permanence.write": (True, True, True, True),
    "contact_permanence.write": (True, True, True, True),
    "blob.read": (True, True, True, True),
    "referentiel.write": (False, False, False, True),
    "backoffice.access": (False, False, True, True),
    "backoffice.review": (False, False, True, True),
    "backoffice.edit": (False, False, True, True),
    "conflict.resolve": (False, False, True, True),
    "export": (False, False, True, True),
    "device.revoke": (False, False, True, True),
    "users.manage": (False, False, False, True),
    "audit.read": (False, False, True, True),
}
ROLES = ("gestionnaire", "gardien", "back_office", "admin")


def test_matrix_covers_every_action() -> None:
    assert set(EXPECTED_IN) == set(ACTION_ROLES)


@pytest.mark.parametrize("action", sorted(EXPECTED_IN))
@pytest.mark.parametrize("role_index", range(4))
def test_in_scope(action: str, role_index: int) -> None:
    role = ROLES[role_index]
    assert is_allowed(role, action, IN, ROLE_SCOPE[role]) is EXPECTED_IN[action][role_index]


@pytest.mark.parametrize("action", sorted(EXPECTED_IN))
@pytest.mark.parametrize("role_index", range(4))
def test_out_of_scope(action: str, role_index: int) -> None:
    role = ROLES[role_index]
    agency_wide = ROLE_SCOPE[role] is None
    expected = EXPECTED_IN[action][role_index] and agency_wide
    assert is_allowed(role, action, OUT, ROLE_SCOPE[role]) is expected


def test_unknown_action_and_role_are_denied() -> None:
    assert is_allowed("admin", "nuke", IN, None) is False
    assert is_allowed("locataire", "sync.pull", IN, SCOPED) is False


def test_agency_wide_records_are_readable_not_writable_by_scoped_roles() -> None:
    assert is_allowed("gardien", "sync.pull", None, SCOPED) is True
    assert is_allowed("gardien", "visite.write", None, SCOPED) is False
    assert is_allowed("back_office", "visite.write", None, None) is True


@pytest.mark.parametrize(
    ("role", "visite_type", "expected"),
    [
        ("gardien", "courtoisie", True),
        ("gardien", "technique", False),
        ("gardien", "candidat", False),
        ("gestionnaire", "candidat", True),
        ("gestionnaire", "enquete_occupation", True),
        ("back_office", "technique", True),
    ],
)
def test_visite_types_by_role(role: str, visite_type: str, expected: bool) -> None:
    assert may_write_visite_type(role, visite_type) is expected


# (role revoking, role of the device's owner) -> allowed
@pytest.mark.parametrize(
    ("role", "owner_role", "expected"),
    [
        ("back_office", "gestionnaire", True),
        ("back_office", "gardien", True),
        ("back_office", "back_office", True),
        ("back_office", "admin", False),
        ("admin", "admin", True),
        ("admin", "gardien", True),
        ("gestionnaire", "gestionnaire", False),
        ("gardien", "gardien", False),
    ],
)
def test_device_revocation_by_role(role: str, owner_role: str, expected: bool) -> None:
    assert may_revoke_device(role, owner_role) is expected
