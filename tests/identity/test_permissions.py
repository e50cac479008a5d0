"""The written permission table (services/identity/README.md) is the one the code applies."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from services.identity.domain.permissions import (
    PERMISSIONS,
    ROLE_PERMISSIONS,
    SCOPE_PERMISSIONS,
    Role,
    can_grant,
    can_manage,
)

README = Path(__file__).resolve().parents[2] / "services" / "identity" / "README.md"
_ROW = re.compile(r"^\| `([a-z_.]+)` \|(.*)\|(.*)\|$")


def test_readme_table_matches_the_code():
    documented: dict[str, tuple[set[Role], set[str]]] = {}
    for line in README.read_text().splitlines():
        if match := _ROW.match(line):
            cells = [c.strip() for c in match.group(2).split("|")]
            roles = {role for role, cell in zip(sorted(Role), cells, strict=True) if cell}
            scopes = set(re.findall(r"`([a-z:]+)`", match.group(3)))
            documented[match.group(1)] = (roles, scopes)
    assert set(documented) == PERMISSIONS
    assert len(PERMISSIONS) >= 20
    for permission, (roles, scopes) in documented.items():
        assert roles == {r for r in Role if permission in ROLE_PERMISSIONS[r]}, permission
        assert scopes == {s for s, ps in SCOPE_PERMISSIONS.items() if permission in ps}


def test_each_role_includes_the_ones_below():
    ranked = sorted(Role)
    for lower, higher in itertools.pairwise(ranked):
        assert ROLE_PERMISSIONS[lower] < ROLE_PERMISSIONS[higher]


def test_admins_manage_members_and_viewers_owners_manage_everyone():
    assert [t for t in Role if can_manage(Role.ADMIN, t)] == [Role.VIEWER, Role.MEMBER]
    assert all(can_manage(Role.OWNER, t) for t in Role)
    assert not any(can_manage(Role.MEMBER, t) or can_manage(Role.VIEWER, t) for t in Role)
    assert [r for r in Role if can_grant(Role.ADMIN, r)] == [Role.VIEWER, Role.MEMBER, Role.ADMIN]
    assert not can_grant(Role.MEMBER, Role.VIEWER)
