"""A local Stripe-compatible HTTP server and webhook helpers for the billing tests.

Tests cannot reach Stripe, so the billing service's real `stripe` SDK client is pointed at
`FakeStripe.url`. The server speaks Stripe's wire format (form-encoded bracket-notation
bodies, Bearer auth, idempotency keys, Stripe's error JSON) and answers with the shapes of
Stripe's own example objects, so the SDK's parsing and error mapping are exercised for real.
Parameter names are checked against the SDK's own request TypedDicts (`stripe.params`), so a
misspelt parameter fails here the way Stripe would reject it.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import re
import secrets
import string
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

import stripe
from stripe._request_options import RequestOptions
from stripe.params import (
    CustomerCreateParams,
    CustomerRetrieveParams,
    SubscriptionCancelParams,
    SubscriptionRetrieveParams,
    SubscriptionUpdateParams,
)
from stripe.params.billing_portal import SessionCreateParams as PortalCreateParams
from stripe.params.checkout import SessionCreateParams as CheckoutCreateParams
from stripe.params.checkout import SessionRetrieveParams as CheckoutGetParams

Obj = dict[str, Any]

# Stripe's example objects (MIT, from stripe/openapi's fixtures3.json). The repository copy
# wins; the shared copy is where the fixtures were handed over.
_FIXTURE_PATHS = (
    Path(__file__).resolve().parents[1] / "fixtures" / "stripe" / "objects.json",
    Path("/work/shared/fixtures/stripe/objects.json"),
)
_ALNUM = string.ascii_letters + string.digits
_REQUEST_OPTION_KEYS = RequestOptions.__required_keys__ | RequestOptions.__optional_keys__
_PERIOD_SECONDS = {"day": 86_400, "week": 7 * 86_400, "month": 30 * 86_400, "year": 365 * 86_400}
_IDEMPOTENCY_PARAMS_MESSAGE = (
    "Keys for idempotent requests can only be used with the same parameters they were first "
    "used with. Try using a key other than '{key}' if you meant to execute a different request."
)
_IDEMPOTENCY_ENDPOINT_MESSAGE = (
    "Keys for idempotent requests can only be used for the same endpoint they were first used "
    "for ('{first}' vs '{now}'). Try using a key other than '{key}' if you meant to execute a "
    "different request."
)
_NO_KEY_MESSAGE = (
    "You did not provide an API key. You need to provide your API key in the Authorization "
    "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
    "https://stripe.com/docs/api#authentication for details, or we can help at "
    "https://support.stripe.com/."
)


# --- fixtures and webhook helpers -------------------------------------------------------------


@cache
def _fixtures() -> dict[str, Obj]:
    for path in _FIXTURE_PATHS:
        if path.exists():
            return dict(json.loads(path.read_text()))
    raise FileNotFoundError(f"Stripe fixtures not found at any of {_FIXTURE_PATHS}")


def _new_id(prefix: str, length: int) -> str:
    return prefix + "".join(secrets.choice(_ALNUM) for _ in range(length))


def stripe_object(kind: str, **overrides: Any) -> Obj:
    """A fresh copy of Stripe's example `kind` object (e.g. "checkout.session"), top-level
    keys replaced by `overrides`, so tests start from a real shape and set only what matters."""
    fixtures = _fixtures()
    if kind not in fixtures:
        raise KeyError(f"no Stripe fixture {kind!r}; have {sorted(fixtures)}")
    return {**copy.deepcopy(fixtures[kind]), **overrides}


def event(
    type: str,
    obj: Obj,
    *,
    created: int | None = None,
    event_id: str | None = None,
    previous_attributes: Obj | None = None,
) -> Obj:
    """A Stripe `event` envelope carrying `obj`, as a webhook would deliver it. Pass
    `previous_attributes` for `*.updated` events, where Stripe includes the changed fields."""
    data: Obj = {"object": obj}
    if previous_attributes is not None:
        data["previous_attributes"] = previous_attributes
    return stripe_object(
        "event",
        id=event_id or _new_id("evt_", 24),
        type=type,
        created=int(time.time()) if created is None else created,
        api_version=stripe.api_version,
        livemode=False,
        pending_webhooks=1,
        data=data,
    )


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header Stripe would send with `payload` (the exact body bytes)."""
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + payload, hashlib.sha256)
    return f"t={ts},v1={mac.hexdigest()}"


# --- errors and wire decoding -----------------------------------------------------------------


class _ApiError(ValueError):
    """An error answer in Stripe's `{"error": {...}}` shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error: Obj = {"type": type, "message": message}
        if param is not None:
            self.error["param"] = param
        if code is not None:
            self.error["code"] = code
            self.error["doc_url"] = f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}"

    def body(self) -> bytes:
        return _dump({"error": self.error})


def _invalid(message: str, param: str | None = None, code: str | None = None) -> _ApiError:
    return _ApiError(400, message, param=param, code=code)


def _missing(param: str) -> _ApiError:
    return _invalid(f"Missing required param: {param}.", param, "parameter_missing")


def _no_such(kind: str, ident: str, param: str, status: int = 400) -> _ApiError:
    return _ApiError(status, f"No such {kind}: '{ident}'", param=param, code="resource_missing")


def _dump(obj: Obj) -> bytes:
    return json.dumps(obj, indent=2).encode()


_KEY = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])*)")


def decode_form(body: str) -> Obj:
    """Decode Stripe's bracket notation (`a[b][0][c]=x`, `expand[]=y`) into dicts and lists,
    the inverse of the SDK's encoder. Values stay strings, as on the wire."""
    root: Obj = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        match = _KEY.fullmatch(key)
        parts = [match[1], *re.findall(r"\[([^\[\]]*)\]", match[2])] if match else [key]
        _insert(root, parts, value, key)
    return _listify(root)


def _insert(node: Obj, parts: list[str], value: str, key: str) -> None:
    for part in parts[:-1]:
        child = node.setdefault(part or str(len(node)), {})  # `a[]` appends
        if not isinstance(child, dict):
            raise _invalid(f"Invalid parameter structure: {key}", key)
        node = child
    last = parts[-1] or str(len(node))
    if isinstance(node.get(last), dict):
        raise _invalid(f"Invalid parameter structure: {key}", key)
    node[last] = value


def _listify(value: Any, key: str = "") -> Any:
    """Dicts keyed 0..n-1 are arrays on the wire; metadata keys are always just keys."""
    if not isinstance(value, dict):
        return value
    out = {k: _listify(v, k) for k, v in value.items()}
    if key != "metadata" and out and set(out) == {str(i) for i in range(len(out))}:
        return [out[str(i)] for i in range(len(out))]
    return out


def _int(value: Any, param: str) -> int:
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    raise _invalid(f"Invalid integer: {value}", param, "parameter_invalid_integer")


def _bool(value: Any, param: str) -> bool:
    if value in ("true", "false"):
        return value == "true"
    raise _invalid(f"Invalid boolean: {value}", param)


def _metadata(value: Any, param: str = "metadata") -> dict[str, str]:
    if value == "":
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _invalid("Invalid object", param)
    return dict(value)


# --- parameter-name validation from the SDK's TypedDicts --------------------------------------


def _schema_keys(schema: type) -> frozenset[str]:
    keys: frozenset[str] = schema.__required_keys__ | schema.__optional_keys__  # type: ignore[attr-defined]
    return keys - _REQUEST_OPTION_KEYS


@cache
def _nested_schema(schema: type, name: str) -> type | None:
    """The TypedDict a field holds (directly or as a list), found by name in the annotation."""
    module = sys.modules[schema.__module__]
    names = set(re.findall(r"[A-Za-z_]\w*", repr(schema.__annotations__.get(name))))
    found = {getattr(module, n) for n in names if hasattr(getattr(module, n, None), "__total__")}
    return found.pop() if len(found) == 1 else None


def _param(prefix: str, name: str | int) -> str:
    return f"{prefix}[{name}]" if prefix else str(name)


def _check_names(params: Obj, schema: type, prefix: str = "") -> None:
    """Reject unknown and missing parameters, as Stripe does, at every nesting level."""
    keys = _schema_keys(schema)
    for name, value in params.items():
        path = _param(prefix, name)
        if name not in keys:
            raise _invalid(f"Received unknown parameter: {path}", path, "parameter_unknown")
        nested = _nested_schema(schema, name)
        if nested is None:
            continue
        if isinstance(value, dict):
            _check_names(value, nested, path)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    _check_names(item, nested, _param(path, i))
    for name in sorted(schema.__required_keys__ - params.keys()):  # type: ignore[attr-defined]
        raise _missing(_param(prefix, name))


# --- the server -------------------------------------------------------------------------------


@dataclass
class RecordedRequest:
    """One request as the server saw it; header names are lower-cased."""

    method: str
    path: str
    headers: dict[str, str]
    params: Obj
    request_id: str
    status: int | None = None
    replayed: bool = False

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get("idempotency-key")


@dataclass(frozen=True)
class _Saved:
    method: str
    path: str
    params: Obj
    status: int
    body: bytes
    request_id: str


_Handler = Callable[["FakeStripe", str, Obj], Obj]


class FakeStripe:
    """A Stripe API on 127.0.0.1 for one test: real HTTP, Stripe's checks and shapes.

    Objects it holds are plain dicts in `customers`, `prices`, `checkout_sessions` (with
    their decoded create parameters in `checkout_params`), `portal_sessions` and
    `subscriptions` (and `cancellations`); tests read them to build webhook events.
    """

    def __init__(self, api_key: str = "sk_test_keel") -> None:
        self.api_key = api_key
        self.customers: dict[str, Obj] = {}
        self.prices: dict[str, Obj] = {}
        self.checkout_sessions: dict[str, Obj] = {}
        self.checkout_params: dict[str, Obj] = {}
        self.portal_sessions: dict[str, Obj] = {}
        self.subscriptions: dict[str, Obj] = {}
        # The parameters each subscription was cancelled with (DELETE /v1/subscriptions/…).
        self.cancellations: dict[str, Obj] = {}
        self._line_items: dict[str, list[Obj]] = {}
        self._requests: list[RecordedRequest] = []
        self._idempotent: dict[str, _Saved] = {}
        self._faults: list[tuple[str, int]] = []
        self._lock = threading.RLock()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    def start(self) -> FakeStripe:
        self._httpd = _Server(("127.0.0.1", 0), _RequestHandler)
        self._httpd.fake = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeStripe:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("FakeStripe is not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    # test-side API

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def requests_to(self, method: str, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and r.path == path]

    def add_customer(self, obj: Obj) -> Obj:
        return self._add(self.customers, obj)

    def add_price(self, obj: Obj) -> Obj:
        return self._add(self.prices, obj)

    def add_subscription(self, obj: Obj) -> Obj:
        """Make a subscription (e.g. `stripe_object("subscription", id=..., customer=...)`)
        retrievable and updatable through the API."""
        return self._add(self.subscriptions, obj)

    def _add(self, table: dict[str, Obj], obj: Obj) -> Obj:
        with self._lock:
            table[obj["id"]] = obj
        return obj

    def fail_next(self, status: int = 500, count: int = 1) -> None:
        """Answer the next `count` requests with a Stripe error of `status`, without acting on
        them, as when Stripe is down or overloaded."""
        with self._lock:
            self._faults += [("fail", status)] * count

    def drop_next_response(self, count: int = 1) -> None:
        """Act on the next `count` requests but close the connection instead of answering: the
        lost-response case that the SDK's retries with one Idempotency-Key exist for."""
        with self._lock:
            self._faults += [("drop", 0)] * count

    def complete_checkout(self, session_id: str) -> Obj:
        """Do what a customer paying on Checkout does: mark the session complete and paid,
        create its customer if needed and, in subscription mode, the subscription (carrying
        `subscription_data[metadata]`). Returns the session for a `checkout.session.completed`
        event."""
        with self._lock:
            session = self.checkout_sessions[session_id]
            if session["status"] != "open":
                raise ValueError(f"checkout session {session_id} is {session['status']}")
            if session["customer"] is None and session["mode"] != "payment":
                customer = self._create_customer("", {"email": session["customer_email"] or ""})
                session["customer"] = customer["id"]
            email = self._customer_email(session)
            details = stripe_object("checkout.session")["customer_details"]
            session.update(status="complete", customer_details={**details, "email": email})
            if session["mode"] == "subscription":
                session.update(subscription=self._subscribe(session)["id"], payment_status="paid")
            elif session["mode"] == "payment":
                session.update(payment_intent=_new_id("pi_", 24), payment_status="paid")
            else:
                session["setup_intent"] = _new_id("seti_", 24)
            return copy.deepcopy(session)

    def _customer_email(self, session: Obj) -> str | None:
        customer = self.customers.get(session["customer"] or "")
        return session["customer_email"] or (customer or {}).get("email")

    # HTTP plumbing

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path, _, query = handler.path.partition("?")
        headers = {k.lower(): v for k, v in handler.headers.items()}
        body = handler.rfile.read(int(headers.get("content-length") or 0))
        record = RecordedRequest(handler.command, path, headers, {}, _new_id("req_", 14))
        with self._lock:
            self._requests.append(record)
            fault, fault_status = self._faults.pop(0) if self._faults else ("", 0)
        extra: dict[str, str] = {}
        try:
            record.params = self._decode(record.method, headers, query, body)
            if fault == "fail":
                kind = "api_error" if fault_status >= 500 else "invalid_request_error"
                raise _ApiError(fault_status, "An unknown error occurred", type=kind)
            status, payload, extra = self._dispatch(record)
        except _ApiError as error:
            status, payload = error.status, error.body()
        except Exception as error:  # a bug here must reach the test as an answer, not a hang
            status, payload = (
                500,
                _ApiError(500, f"FakeStripe bug: {error!r}", type="api_error").body(),
            )
        record.status, record.replayed = status, "Idempotent-Replayed" in extra
        if fault == "drop":
            handler.close_connection = True
            return
        _respond(handler, status, payload, {"Request-Id": record.request_id, **extra})

    def _decode(self, method: str, headers: dict[str, str], query: str, body: bytes) -> Obj:
        content_type = headers.get("content-type", "").split(";")[0].strip()
        if body and content_type != "application/x-www-form-urlencoded":
            raise _invalid(
                f"Invalid request: unsupported Content-Type {content_type or '(none)'}. "
                "Stripe accepts application/x-www-form-urlencoded request bodies."
            )
        return decode_form(body.decode() if method == "POST" else query)

    def _dispatch(self, record: RecordedRequest) -> tuple[int, bytes, dict[str, str]]:
        _authenticate(record.headers.get("authorization", ""), self.api_key)
        handler, schema, ident = _route(record.method, record.path)
        key = record.idempotency_key if record.method == "POST" else None
        with self._lock:
            if key is None:
                return 200, self._run(handler, schema, ident, record.params), {}
            saved = self._idempotent.get(key)
            if saved is not None:
                return self._replay(saved, record, key)
            payload = self._run(handler, schema, ident, record.params)
            self._idempotent[key] = _Saved(
                record.method, record.path, record.params, 200, payload, record.request_id
            )
            return 200, payload, {"Idempotency-Key": key}

    def _run(self, handler: _Handler, schema: type, ident: str, params: Obj) -> bytes:
        _check_names(params, schema)
        return _dump(self._expand(handler(self, ident, params), params))

    @staticmethod
    def _replay(
        saved: _Saved, record: RecordedRequest, key: str
    ) -> tuple[int, bytes, dict[str, str]]:
        first, now = f"{saved.method} {saved.path}", f"{record.method} {record.path}"
        if first != now:
            message = _IDEMPOTENCY_ENDPOINT_MESSAGE.format(first=first, now=now, key=key)
            raise _ApiError(400, message, type="idempotency_error")
        if saved.params != record.params:
            raise _ApiError(
                400, _IDEMPOTENCY_PARAMS_MESSAGE.format(key=key), type="idempotency_error"
            )
        headers = {
            "Idempotency-Key": key,
            "Idempotent-Replayed": "true",
            "Original-Request": saved.request_id,
        }
        return saved.status, saved.body, headers

    # endpoints: each takes (path id or "", decoded params) and returns the object to send;
    # all checks come before any change, so a rejected request changes nothing, as on Stripe

    def _create_customer(self, _: str, params: Obj) -> Obj:
        customer = stripe_object(
            "customer",
            id=_new_id("cus_", 14),
            created=int(time.time()),
            livemode=False,
            discount=None,
            currency=None,
            invoice_prefix=secrets.token_hex(4).upper(),
            name=params.get("name") or None,
            email=params.get("email") or None,
            description=params.get("description") or None,
            phone=params.get("phone") or None,
            metadata=_metadata(params.get("metadata", {})),
        )
        self.customers[customer["id"]] = customer
        return customer

    def _get_customer(self, ident: str, params: Obj) -> Obj:
        return self._find(self.customers, "customer", ident, 404, "id")

    def _create_checkout_session(self, _: str, params: Obj) -> Obj:
        mode = _required(params, "mode")
        if mode not in ("payment", "setup", "subscription"):
            raise _invalid("Invalid mode: must be one of payment, setup, or subscription", "mode")
        _required(params, "success_url")
        self._check_checkout_options(params, mode)
        items = [] if mode == "setup" else self._checkout_line_items(params, mode)
        amount = sum(item["amount_total"] for item in items) if items else None
        now = int(time.time())
        session = stripe_object(
            "checkout.session",
            id=_new_id("cs_test_a1", 56),
            created=now,
            expires_at=now + 86_400,
            livemode=False,
            mode=mode,
            status="open",
            payment_status="no_payment_required" if mode == "setup" else "unpaid",
            customer=params.get("customer"),
            customer_email=params.get("customer_email"),
            client_reference_id=params.get("client_reference_id"),
            metadata=_metadata(params.get("metadata", {})),
            success_url=params["success_url"],
            cancel_url=params.get("cancel_url"),
            amount_subtotal=amount,
            amount_total=amount,
            currency=items[0]["currency"] if items else params.get("currency"),
            total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            payment_intent=None,
            subscription=None,
            invoice=None,
            customer_details=None,
            collected_information=None,
            currency_conversion=None,
            shipping_cost=None,
            shipping_address_collection=None,
        )
        session["url"] = f"https://checkout.stripe.com/c/pay/{session['id']}"
        self.prices.update((item["price"]["id"], item["price"]) for item in items)
        self.checkout_sessions[session["id"]] = session
        self.checkout_params[session["id"]] = params
        self._line_items[session["id"]] = items
        return session

    def _check_checkout_options(self, params: Obj, mode: str) -> None:
        if params.get("customer") and params.get("customer_email"):
            raise _invalid(
                "You may only specify one of these parameters: customer, customer_email.",
                "customer_email",
            )
        if params.get("customer"):
            self._find(self.customers, "customer", params["customer"], 400, "customer")
        for key, allowed in (
            ("subscription_data", "subscription"),
            ("payment_intent_data", "payment"),
        ):
            if key in params and mode != allowed:
                raise _invalid(f"You can not pass `{key}` in `{mode}` mode.", key)

    def _checkout_line_items(self, params: Obj, mode: str) -> list[Obj]:
        items = _required(params, "line_items")
        if not isinstance(items, list):
            raise _invalid("Invalid array", "line_items")
        return [self._line_item(item, f"line_items[{i}]", mode) for i, item in enumerate(items)]

    def _line_item(self, item: Obj, param: str, mode: str) -> Obj:
        if "price" in item:
            price = self._find(self.prices, "price", item["price"], 400, f"{param}[price]")
        elif "price_data" in item:
            price = self._inline_price(item["price_data"], f"{param}[price_data]")
        else:
            raise _invalid(f"You must specify either `price` or `price_data` in `{param}`.", param)
        if mode == "subscription" and price["type"] != "recurring":
            raise _invalid(
                "You must specify at least one recurring price in `subscription` mode.",
                f"{param}[price_data][recurring]",
            )
        if mode == "payment" and price["type"] == "recurring":
            raise _invalid(
                "You specified `payment` mode but passed a recurring price. Either switch to "
                "`subscription` mode or use only one-time prices.",
                f"{param}[price]",
            )
        quantity = _int(_required(item, "quantity", param), f"{param}[quantity]")
        amount = (price["unit_amount"] or 0) * quantity
        product_data = (item.get("price_data") or {}).get("product_data") or {}
        return {
            "id": _new_id("li_", 24),
            "object": "item",
            "amount_discount": 0,
            "amount_subtotal": amount,
            "amount_tax": 0,
            "amount_total": amount,
            "currency": price["currency"],
            "description": product_data.get("name") or price.get("nickname") or price["product"],
            "price": price,
            "quantity": quantity,
        }

    def _inline_price(self, data: Obj, param: str) -> Obj:
        if "product" not in data and "product_data" not in data:
            raise _missing(f"{param}[product_data]")
        unit_amount = _int(_required(data, "unit_amount", param), f"{param}[unit_amount]")
        recurring = self._recurring(data.get("recurring"), f"{param}[recurring]")
        price = stripe_object(
            "price",
            id=_new_id("price_", 24),
            created=int(time.time()),
            currency=data["currency"],
            unit_amount=unit_amount,
            unit_amount_decimal=str(unit_amount),
            product=data.get("product") or _new_id("prod_", 14),
            nickname=None,
            recurring=recurring,
            type="recurring" if recurring else "one_time",
            transform_quantity=None,
            custom_unit_amount=None,
        )
        return price

    @staticmethod
    def _recurring(data: Any, param: str) -> Obj | None:
        if data in (None, ""):
            return None
        if not isinstance(data, dict) or data.get("interval") not in _PERIOD_SECONDS:
            raise _invalid(
                f"Invalid {param}[interval]: must be one of day, month, week, or year",
                f"{param}[interval]",
            )
        count = _int(data.get("interval_count", "1"), f"{param}[interval_count]")
        base = stripe_object("price")["recurring"]
        return {**base, "interval": data["interval"], "interval_count": count}

    def _get_checkout_session(self, ident: str, params: Obj) -> Obj:
        return self._find(self.checkout_sessions, "checkout.session", ident, 404, "id")

    def _create_portal_session(self, _: str, params: Obj) -> Obj:
        customer = _required(params, "customer")
        self._find(self.customers, "customer", customer, 400, "customer")
        session = stripe_object(
            "billing_portal.session",
            id=_new_id("bps_", 24),
            created=int(time.time()),
            livemode=False,
            customer=customer,
            return_url=params.get("return_url"),
            configuration=params.get("configuration") or _new_id("bpc_", 24),
            flow=None,
            locale=params.get("locale"),
        )
        session["url"] = f"https://billing.stripe.com/p/session/{session['id']}"
        self.portal_sessions[session["id"]] = session
        return session

    def _get_subscription(self, ident: str, params: Obj) -> Obj:
        return self._subscription(ident)

    def _update_subscription(self, ident: str, params: Obj) -> Obj:
        """Applies the cancellation, description and metadata fields; other valid fields are
        accepted (and recorded in `requests`) but not modelled."""
        sub = self._subscription(ident)
        if sub["status"] == "canceled" and set(params) - {"metadata", "cancellation_details"}:
            raise _invalid(
                "A canceled subscription can only update its cancellation_details and metadata."
            )
        changes: Obj = {}
        if "metadata" in params:
            changes["metadata"] = _merge_metadata(sub["metadata"], params["metadata"])
        if "description" in params:
            changes["description"] = params["description"] or None
        if "cancel_at_period_end" in params:
            at_end = _bool(params["cancel_at_period_end"], "cancel_at_period_end")
            changes.update(
                cancel_at_period_end=at_end, cancel_at=_period_end(sub) if at_end else None
            )
        if params.get("cancel_at", "") != "":
            changes["cancel_at"] = _int(params["cancel_at"], "cancel_at")
        elif "cancel_at" in params:
            changes["cancel_at"] = None
        sub.update(changes)
        return sub

    def _cancel_subscription(self, ident: str, params: Obj) -> Obj:
        """Cancels at once. A canceled subscription is gone to this endpoint: Stripe answers
        404 `resource_missing` (No such subscription), as for an unknown id. The decoded
        parameters (`prorate`, `invoice_now`, from the query string) land in
        `cancellations`."""
        sub = self._subscription(ident)
        if sub["status"] == "canceled":
            raise _no_such("subscription", ident, "id", 404)
        for flag in ("prorate", "invoice_now"):
            if flag in params:
                _bool(params[flag], flag)
        now = int(time.time())
        sub.update(status="canceled", canceled_at=now, ended_at=now, cancel_at_period_end=False)
        self.cancellations[ident] = params
        return sub

    # object helpers

    def _subscription(self, ident: str) -> Obj:
        return self._find(self.subscriptions, "subscription", ident, 404, "id")

    @staticmethod
    def _find(table: dict[str, Obj], kind: str, ident: str, status: int, param: str) -> Obj:
        if ident not in table:
            raise _no_such(kind, ident, param, status)
        return table[ident]

    def _expand(self, obj: Obj, params: Obj) -> Obj:
        """Top-level `expand[]`: ids this server holds become objects; `line_items` becomes
        the session's item list."""
        out = dict(obj)
        tables = (self.customers, self.subscriptions, self.prices, self.checkout_sessions)
        for field in params.get("expand") or []:
            name = field.split(".")[0]
            if name == "line_items" and obj["id"] in self._line_items:
                out["line_items"] = {
                    "object": "list",
                    "data": self._line_items[obj["id"]],
                    "has_more": False,
                    "url": f"/v1/checkout/sessions/{obj['id']}/line_items",
                }
            elif isinstance(out.get(name), str):
                out[name] = next((t[out[name]] for t in tables if out[name] in t), out[name])
        return out

    def _subscribe(self, session: Obj) -> Obj:
        sub_id, now = _new_id("sub_", 24), int(time.time())
        options = self.checkout_params[session["id"]].get("subscription_data") or {}
        items = [_subscription_item(sub_id, li, now) for li in self._line_items[session["id"]]]
        sub = stripe_object(
            "subscription",
            id=sub_id,
            customer=session["customer"],
            currency=session["currency"],
            metadata=_metadata(options.get("metadata", {}), "subscription_data[metadata]"),
            status="active",
            created=now,
            start_date=now,
            billing_cycle_anchor=now,
            cancel_at=None,
            cancel_at_period_end=False,
            canceled_at=None,
            ended_at=None,
            trial_start=None,
            trial_end=None,
            pause_collection=None,
            next_pending_invoice_item_invoice=None,
            items={
                "object": "list",
                "data": items,
                "has_more": False,
                "url": f"/v1/subscription_items?subscription={sub_id}",
            },
        )
        self.subscriptions[sub_id] = sub
        return sub


def _subscription_item(sub_id: str, line_item: Obj, now: int) -> Obj:
    price = line_item["price"]
    recurring = price["recurring"] or {"interval": "month", "interval_count": 1}
    period = _PERIOD_SECONDS[recurring["interval"]] * recurring["interval_count"]
    return stripe_object(
        "subscription_item",
        id=_new_id("si_", 14),
        created=now,
        subscription=sub_id,
        price=price,
        plan={
            **stripe_object("subscription_item")["plan"],
            "id": price["id"],
            "amount": price["unit_amount"],
            "amount_decimal": price["unit_amount_decimal"],
            "billing_scheme": "per_unit",
            "currency": price["currency"],
            "interval": recurring["interval"],
            "interval_count": recurring["interval_count"],
            "livemode": False,
            "product": price["product"],
            "transform_usage": None,
        },
        quantity=line_item["quantity"],
        current_period_start=now,
        current_period_end=now + period,
        billing_thresholds=None,
    )


def _period_end(sub: Obj) -> int | None:
    items = sub.get("items", {}).get("data") or []
    return items[0].get("current_period_end") if items else None


def _merge_metadata(current: dict[str, str], update: Any) -> dict[str, str]:
    """Stripe merges metadata; an empty value deletes that key, empty metadata clears it."""
    if update == "":
        return {}
    merged = {**current, **_metadata(update)}
    return {k: v for k, v in merged.items() if v != ""}


def _required(params: Obj, name: str, prefix: str = "") -> Any:
    if params.get(name) in (None, ""):
        raise _missing(_param(prefix, name))
    return params[name]


def _authenticate(authorization: str, api_key: str) -> None:
    scheme, _, key = authorization.partition(" ")
    if scheme.lower() != "bearer" or not key:
        raise _ApiError(401, _NO_KEY_MESSAGE)
    if not hmac.compare_digest(key.strip(), api_key):
        raise _ApiError(401, f"Invalid API Key provided: {_mask(key.strip())}")


def _mask(key: str) -> str:
    """Stripe shows only the key's prefix and last four characters."""
    prefix = "_".join(key.split("_")[:2]) + "_" if key.count("_") >= 2 else ""
    hidden = max(len(key) - len(prefix) - 4, 0)
    return prefix + "*" * hidden + key[len(prefix) + hidden :]


_ID = r"(?P<id>[^/]+)"
_S = FakeStripe
_ROUTES: list[tuple[str, re.Pattern[str], _Handler, type]] = [
    (method, re.compile(pattern), handler, schema)
    for method, pattern, handler, schema in (
        ("POST", "/v1/customers", _S._create_customer, CustomerCreateParams),
        ("GET", f"/v1/customers/{_ID}", _S._get_customer, CustomerRetrieveParams),
        ("POST", "/v1/checkout/sessions", _S._create_checkout_session, CheckoutCreateParams),
        ("GET", f"/v1/checkout/sessions/{_ID}", _S._get_checkout_session, CheckoutGetParams),
        ("POST", "/v1/billing_portal/sessions", _S._create_portal_session, PortalCreateParams),
        ("GET", f"/v1/subscriptions/{_ID}", _S._get_subscription, SubscriptionRetrieveParams),
        ("POST", f"/v1/subscriptions/{_ID}", _S._update_subscription, SubscriptionUpdateParams),
        ("DELETE", f"/v1/subscriptions/{_ID}", _S._cancel_subscription, SubscriptionCancelParams),
    )
]


def _route(method: str, path: str) -> tuple[_Handler, type, str]:
    for route_method, pattern, handler, schema in _ROUTES:
        match = pattern.fullmatch(path)
        if match and route_method == method:
            return handler, schema, match.groupdict().get("id") or ""
    raise _ApiError(
        404,
        f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or "
        "we can help at https://support.stripe.com/.",
        code="resource_missing",
    )


def _respond(
    handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeStripe


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.fake._serve(self)

    do_POST = do_DELETE = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests assert on `FakeStripe.requests` instead."""
