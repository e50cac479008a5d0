#!/bin/sh
# Keel gateway container entrypoint.
#
#   gateway-entrypoint [ENVOY_ARGS...]  generate the Envoy bootstrap from KEEL_GATEWAY_*,
#                                       KEEL_<SERVICE>_ADDR and OTEL_* variables, then exec
#                                       Envoy (PID 1, so it receives SIGTERM directly)
#   gateway-entrypoint drain            for a preStop hook: ask Envoy (admin, 127.0.0.1)
#                                       to drain its listeners, then wait while the
#                                       endpoint is removed from load balancers
#
# Only /tmp is written, so the root filesystem can be read-only.
set -eu

config="${KEEL_GATEWAY_CONFIG:-/tmp/envoy.json}"
drain_seconds="${KEEL_GATEWAY_DRAIN_SECONDS:-15}"

if [ "${1:-}" = "drain" ]; then
    python - "${KEEL_GATEWAY_ADMIN_PORT:-9901}" <<'EOF' || true
import sys, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/drain_listeners?graceful"
urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=2)
EOF
    exec sleep "$drain_seconds"
fi

# Bad configuration stops here with a message naming the variable.
python -m gateway --out "$config" >/dev/null

exec envoy -c "$config" \
    --log-level "${ENVOY_LOG_LEVEL:-warn}" \
    --disable-hot-restart \
    --drain-time-s "$drain_seconds" \
    "$@"
