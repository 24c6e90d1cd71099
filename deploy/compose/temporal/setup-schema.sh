#!/bin/sh
# Create (if missing) and migrate Temporal's two PostgreSQL databases to the schema versions
# shipped in this admin-tools image. Safe to re-run: it is also the upgrade step of a new
# Temporal release (run the admin-tools image of the new version before the new server).
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${DB_PORT:=5432}"
export SQL_PASSWORD="${SQL_PASSWORD:-$POSTGRES_PWD}"
schema=/etc/temporal/schema/postgresql/v12
tool() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"; }

for db in temporal temporal_visibility; do
  tool --db "$db" create 2>/dev/null || echo "database $db already exists"
done
tool --db temporal setup-schema -v 0.0
tool --db temporal update-schema -d "$schema/temporal/versioned"
tool --db temporal_visibility setup-schema -v 0.0
tool --db temporal_visibility update-schema -d "$schema/visibility/versioned"
echo "temporal schema ready"
