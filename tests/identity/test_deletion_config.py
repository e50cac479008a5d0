"""identity asks billing before an organization's deletion unless told it runs without
billing (`KEEL_IDENTITY_DELETION_ASKS_BILLING`): on by default, a bad value refused by name."""

from __future__ import annotations

import pytest

from keel_runtime.config import ConfigError
from services.identity.config import IdentityConfig
from tests.support.channels import mesh_env

GOOD = {"KEEL_IDENTITY_SECRET": "s" * 40, "KEEL_EVENTS_SEALING_KEY": "k" * 40}
VARIABLE = "KEEL_IDENTITY_DELETION_ASKS_BILLING"


def test_deletion_asks_billing_by_default():
    assert IdentityConfig.from_env("identity", {**GOOD, **mesh_env()}).deletion_asks_billing


def test_a_mesh_without_billing_may_turn_it_off():
    config = IdentityConfig.from_env("identity", {**GOOD, **mesh_env(), VARIABLE: "false"})
    assert not config.deletion_asks_billing


def test_a_bad_value_is_refused_by_name():
    with pytest.raises(ConfigError) as bad:
        IdentityConfig.from_env("identity", {**GOOD, **mesh_env(), VARIABLE: "maybe"})
    assert VARIABLE in str(bad.value)
