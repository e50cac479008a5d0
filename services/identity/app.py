"""identity wired onto the shared runtime."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import grpc

from keel.identity.v1 import (
    admin_pb2,
    api_keys_pb2,
    auth_pb2,
    authorization_pb2,
    invitations_pb2,
    organizations_pb2,
)
from keel_runtime.server import Runtime, ServiceSpec
from services.identity.api import (
    admin,
    api_keys,
    auth,
    authorization,
    ext_authz,
    invitations,
    organizations,
)
from services.identity.commands import COMMANDS
from services.identity.config import IdentityConfig
from services.identity.deps import Deps
from services.identity.domain import billing_events

_APIS = (auth, organizations, invitations, api_keys, admin, authorization, ext_authz)


def register(server: grpc.aio.Server, runtime: Runtime) -> None:
    deps = Deps.build(cast(IdentityConfig, runtime.config), runtime.database, runtime.redis)
    for api in _APIS:
        api.register(server, deps)
    # The API modules' own loops (the runtime follows identity's changes for the caches),
    # and the plan tiers billing announces.
    runtime.tasks += [*deps.tasks, billing_events.consumer(deps).run]


SPEC = ServiceSpec(
    name="identity",
    migrations=Path(__file__).parent / "data" / "migrations",
    register=register,
    grpc_services=[
        service.full_name
        for module in (
            auth_pb2,
            organizations_pb2,
            invitations_pb2,
            api_keys_pb2,
            admin_pb2,
            authorization_pb2,
        )
        for service in module.DESCRIPTOR.services_by_name.values()
    ]
    + ["envoy.service.auth.v3.Authorization"],
    load_config=IdentityConfig.from_env,
    commands=COMMANDS,
    # Envoy's proto, not ours to annotate: only the gateway authenticates API keys.
    callers={"/envoy.service.auth.v3.Authorization/Check": ["gateway"]},
)
