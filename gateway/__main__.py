"""`python -m gateway --out PATH [--openapi-out PATH]`: write the Envoy bootstrap (and the
OpenAPI document it serves) from the environment."""

from __future__ import annotations

import argparse
import sys

from gateway.descriptors import missing_error_detail_types
from gateway.envoy import write_config
from gateway.openapi import write_openapi
from gateway.settings import GatewaySettings
from keel_runtime.config import ConfigError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gateway",
        description="Write Keel's Envoy bootstrap (JSON) from KEEL_GATEWAY_* and OTEL_* variables.",
    )
    parser.add_argument("--out", help="where to write the config, e.g. envoy.json")
    parser.add_argument(
        "--openapi-out",
        help="where to write the OpenAPI 3.1 document the gateway serves at /openapi.json",
    )
    args = parser.parse_args(argv)
    if not (args.out or args.openapi_out):
        parser.error("give --out, --openapi-out or both")
    try:
        settings = GatewaySettings.from_env()
        paths = [write_config(args.out, settings)] if args.out else []
        if args.openapi_out:
            paths.append(write_openapi(args.openapi_out, settings))
    except ConfigError as exc:
        print(f"gateway: {exc}", file=sys.stderr)
        return 2
    missing = missing_error_detail_types(settings.descriptor)
    if args.out and missing:
        print(
            f"gateway: warning: {settings.descriptor} lacks {', '.join(missing)}; errors "
            "carrying such details reach REST clients without a JSON body",
            file=sys.stderr,
        )
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
