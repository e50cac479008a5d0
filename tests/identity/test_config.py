"""identity refuses to start without its secrets, naming them and never echoing them."""

from __future__ import annotations

import pytest

from keel_runtime.config import ConfigError
from services.identity.config import IdentityConfig
from tests.support.channels import mesh_env

GOOD = {"KEEL_IDENTITY_SECRET": "s" * 40, "KEEL_EVENTS_SEALING_KEY": "k" * 40}


def test_both_secrets_are_required():
    with pytest.raises(ConfigError) as missing:
        IdentityConfig.from_env("identity", mesh_env())
    assert "KEEL_IDENTITY_SECRET: required" in str(missing.value)
    assert "KEEL_EVENTS_SEALING_KEY: required" in str(missing.value)


@pytest.mark.parametrize("variable", sorted(GOOD))
def test_a_short_secret_is_refused_without_showing_it(variable):
    with pytest.raises(ConfigError) as short:
        IdentityConfig.from_env("identity", {**GOOD, **mesh_env(), variable: "hunter2-hunter2"})
    assert variable in str(short.value) and "hunter2" not in str(short.value)


def test_settings_have_production_defaults():
    config = IdentityConfig.from_env("identity", {**GOOD, **mesh_env()})
    assert (config.access_token_seconds, config.invitation_seconds) == (900, 7 * 24 * 3600)
    assert config.password_hash_memory_kib == 65536
    assert config.key_publish_seconds == 600
