"""`python -m gateway --out PATH`: write the Envoy bootstrap from the environment."""

from __future__ import annotations

import argparse
import sys

from gateway.envoy import GatewaySettings, write_config
from keel_runtime.config import ConfigError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gateway",
        description="Write Keel's Envoy bootstrap (JSON) from KEEL_GATEWAY_* and OTEL_* variables.",
    )
    parser.add_argument("--out", required=True, help="where to write the config, e.g. envoy.json")
    args = parser.parse_args(argv)
    try:
        path = write_config(args.out, GatewaySettings.from_env())
    except ConfigError as exc:
        print(f"gateway: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
