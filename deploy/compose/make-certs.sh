#!/bin/sh
# The mesh's CA and one certificate per workload (five services, gateway, `keel`) for
# docker compose, under deploy/compose/secrets/tls/ (git-ignored). Run once, before the
# first `docker compose up`; it keeps what is already there (delete the folder and run it
# again to rotate everything, then `docker compose up -d --force-recreate`).
#
#   ./make-certs.sh            # builds the `keel` image first when it is missing
#
# The generator is keel_runtime.tls.make_mesh_credentials (the one `keel up` uses), run
# in the `keel` image as you, so the host needs Docker only.
set -eu
cd "$(dirname "$0")"

image="${KEEL_IMAGE:-keel:latest}"
out="$PWD/secrets/tls"

if ! docker image inspect "$image" >/dev/null 2>&1; then
    docker build -f ../docker/Dockerfile --target service -t "$image" ../..
fi
mkdir -p "$out"
docker run --rm --network none --read-only --tmpfs /tmp \
    --user "$(id -u):$(id -g)" --volume "$out:/out" "$image" \
    python -c "from pathlib import Path; from keel_runtime.tls import make_mesh_credentials; print('made' if make_mesh_credentials(Path('/out')) else 'kept', '/out')" \
    | sed "s|/out|$out|"

# Compose file secrets are bind mounts that keep the host file's owner and mode, and the
# containers run as UID 10001: the workloads' files must be readable by others. The
# folder stays 0700 (no other host user reaches them); the CA's key, never mounted, 0600.
chmod 700 "$out"
chmod 644 "$out"/*.crt "$out"/*.key
chmod 600 "$out/ca.key"
