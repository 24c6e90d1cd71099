#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory.
# Two owners, least privilege: `tdkt` owns the application database; `temporal` may create its
# own two databases (temporal, temporal_visibility), which temporal-schema then fills.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v tdkt_pw="$TDKT_DB_PASSWORD" -v temporal_pw="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE tdkt LOGIN PASSWORD :'tdkt_pw';
CREATE DATABASE tdkt OWNER tdkt ENCODING 'UTF8';
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_pw';
SQL
