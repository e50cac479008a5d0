#!/bin/sh
# One role and one database per Keel service, owned by that role; only that role may
# connect. The postgres image runs this once, when it initialises an empty data
# directory (files in /docker-entrypoint-initdb.d/). Passwords come from the
# environment (KEEL_<SERVICE>_DB_PASSWORD), never from the image. Changing a password
# later means `ALTER ROLE ... PASSWORD` by hand: this script does not run again.
set -e

for service in identity billing agents catalog messaging; do
    var="KEEL_$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
    password="$(printenv "$var" || true)"
    if [ -z "$password" ]; then
        echo "postgres-init: $var is not set" >&2
        exit 1
    fi
    # psql variables (:"name" quotes an identifier, :'name' a literal): no SQL injection.
    psql --no-psqlrc --set ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" \
        --dbname postgres --set name="keel_$service" --set password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
    echo "postgres-init: database and role keel_$service created"
done
