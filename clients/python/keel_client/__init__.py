"""The Keel API's Python client: `keel_client.generated` (from the OpenAPI document, by
clients/python/generate.py) and the hand-written helpers beside it."""

from keel_client.errors import KeelError
from keel_client.events import RunEvent
from keel_client.generated import api, models
from keel_client.keel import Keel
from keel_client.retry import NO_RETRY, RetryPolicy

__all__ = ["NO_RETRY", "Keel", "KeelError", "RetryPolicy", "RunEvent", "api", "models"]
