"""Keel's edge: generates the Envoy bootstrap that turns REST/JSON into gRPC.

`python -m gateway --out envoy.json` writes the config from `KEEL_GATEWAY_*` and `OTEL_*`
variables; `gateway.envoy` holds the settings and the generator.
"""
