"""billing wired onto the shared runtime."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import cast

import grpc

from keel.billing.v1 import credits_pb2, plans_pb2, subscriptions_pb2, usage_pb2
from keel_runtime.server import Runtime, ServiceSpec
from services.billing.api import billing, credits, plans, usage
from services.billing.config import BillingConfig
from services.billing.deps import Deps
from services.billing.domain import org_events, sweeper

_APIS = (plans, usage, credits, billing)
_PROTOS = (plans_pb2, usage_pb2, credits_pb2, subscriptions_pb2)


def register(server: grpc.aio.Server, runtime: Runtime) -> None:
    deps = Deps.build(cast(BillingConfig, runtime.config), runtime.database, runtime.redis)
    for api in _APIS:
        api.register(server, deps)
    runtime.tasks += [
        partial(sweeper.run, deps.database, deps.ledger, deps.config),
        # Accounts for identity's new organizations, plan tiers set by platform admins.
        org_events.consumer(deps).run,
        *deps.tasks,
    ]


SPEC = ServiceSpec(
    name="billing",
    migrations=Path(__file__).parent / "data" / "migrations",
    register=register,
    grpc_services=[
        service.full_name
        for module in _PROTOS
        for service in module.DESCRIPTOR.services_by_name.values()
    ],
    load_config=BillingConfig.from_env,
)
