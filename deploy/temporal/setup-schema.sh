#!/bin/sh
# One-shot job (temporalio/admin-tools): creates Temporal's two databases in the stack's Postgres
# and brings their schemas to the version this image ships. Runs on every `docker compose up`, so
# each step is safe to repeat, and any failure other than the expected ones below fails the job
# (the Temporal server then does not start, instead of starting on a half-migrated database):
#   - create-database: only 'database "<name>" already exists' is accepted;
#   - setup-schema (version tables at 0.0) runs only for a database that has no schema yet, which
#     update-schema reports as a missing schema_version table (or row);
#   - update-schema always runs: it applies the versions newer than the recorded one, or nothing.
# Connection: SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD (read by temporal-sql-tool itself).
set -eu

: "${SQL_HOST:?}" "${SQL_PORT:?}" "${SQL_USER:?}" "${SQL_PASSWORD:?}"
SQL_PLUGIN=${SQL_PLUGIN:-postgres12}
SCHEMA_ROOT=${SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}

log() { printf 'temporal-schema: %s\n' "$*"; }
fail() {
  printf 'temporal-schema: %s\n' "$1" >&2
  [ -z "${2:-}" ] || printf '%s\n' "$2" >&2
  exit 1
}

sql_tool() { # $1 database, then the command and its flags
  db=$1
  shift
  temporal-sql-tool --plugin "$SQL_PLUGIN" --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" --db "$db" "$@"
}

create_database() { # $1 database
  if out=$(sql_tool "$1" create-database 2>&1); then
    log "database $1: present"
    return
  fi
  case $out in
    *"database \"$1\" already exists"*) log "database $1: already exists" ;;
    *) fail "database $1: create-database failed" "$out" ;;
  esac
}

migrate() { # $1 database, $2 versioned schema directory
  if out=$(sql_tool "$1" update-schema -d "$2" 2>&1); then
    log "database $1: schema up to date"
    return
  fi
  case $out in
    *'relation "schema_version" does not exist'* | *'no rows in result set'*)
      log "database $1: no schema yet, setting it up"
      sql_tool "$1" setup-schema -v 0.0 || fail "database $1: setup-schema failed (see above)"
      sql_tool "$1" update-schema -d "$2" || fail "database $1: update-schema failed (see above)"
      log "database $1: schema set up"
      ;;
    *) fail "database $1: update-schema failed" "$out" ;;
  esac
}

for dir in "$SCHEMA_ROOT/temporal/versioned" "$SCHEMA_ROOT/visibility/versioned"; do
  [ -d "$dir" ] || fail "schema directory $dir is missing from this image"
done

create_database temporal
migrate temporal "$SCHEMA_ROOT/temporal/versioned"
create_database temporal_visibility
migrate temporal_visibility "$SCHEMA_ROOT/visibility/versioned"
log "done"
