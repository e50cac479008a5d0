"""Keel's edge: generates the Envoy bootstrap that turns REST/JSON into gRPC.

`python -m gateway --out envoy.json` writes the config from `KEEL_GATEWAY_*` and `OTEL_*`
variables; `gateway.settings` holds the settings, `gateway.envoy` the generator (with its
routes, filters and clusters in `gateway.envoy_*`), `gateway.openapi` the OpenAPI document
of the REST surface that the gateway serves at `/openapi.json`.
"""
