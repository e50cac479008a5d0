"""`python -m gateway --out PATH`: write the Envoy bootstrap from the environment."""

from __future__ import annotations

import argparse
import sys

from gateway.envoy import GatewaySettings, missing_error_detail_types, write_config
from keel_runtime.config import ConfigError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gateway",
        description="Write Keel's Envoy bootstrap (JSON) from KEEL_GATEWAY_* and OTEL_* variables.",
    )
    parser.add_argument("--out", required=True, help="where to write the config, e.g. envoy.json")
    args = parser.parse_args(argv)
    try:
        settings = GatewaySettings.from_env()
        path = write_config(args.out, settings)
    except ConfigError as exc:
        print(f"gateway: {exc}", file=sys.stderr)
        return 2
    missing = missing_error_detail_types(settings.descriptor)
    if missing:
        print(
            f"gateway: warning: {settings.descriptor} lacks {', '.join(missing)}; errors "
            "carrying such details reach REST clients without a JSON body",
            file=sys.stderr,
        )
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
