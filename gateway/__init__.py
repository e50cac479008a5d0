"""Keel's edge: generates the Envoy bootstrap that turns REST/JSON into gRPC.

`python -m gateway --out envoy.json` writes the config from `KEEL_GATEWAY_*` and `OTEL_*`
variables; `gateway.envoy` holds the settings and the generator, `gateway.openapi` the
OpenAPI document of the REST surface that the gateway serves at `/openapi.json`.
"""
