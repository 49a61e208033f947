#!/bin/sh
# One-shot job (temporalio/admin-tools): the namespace ticketflow runs in and the search attributes
# its workflows upsert (src/temporal/search-attributes.ts). Runs on every `docker compose up`:
#   - waits for the frontend (bounded: HEALTH_ATTEMPTS tries, HEALTH_INTERVAL seconds apart);
#   - creates the namespace only when the server reports it "is not found";
#   - registers each search attribute only when it is missing, and fails if one exists with
#     another type (workflows would then fail to upsert it);
# and fails loudly on any other error: the app and worker start only after this job succeeded.
# Environment: TEMPORAL_ADDRESS (host:port), TEMPORAL_NAMESPACE, optional NAMESPACE_RETENTION.
set -eu

: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}"
RETENTION=${NAMESPACE_RETENTION:-30d}
HEALTH_ATTEMPTS=${HEALTH_ATTEMPTS:-60}
HEALTH_INTERVAL=${HEALTH_INTERVAL:-2}
# name=type, as `temporal operator search-attribute create --type` spells the type.
SEARCH_ATTRIBUTES='TicketStatus=Keyword TechnicianId=Int ItemSerial=Keyword ClientTelegramId=Int'

log() { printf 'temporal-namespace: %s\n' "$*"; }
fail() {
  printf 'temporal-namespace: %s\n' "$1" >&2
  [ -z "${2:-}" ] || printf '%s\n' "$2" >&2
  exit 1
}

tcli() { temporal "$@" --address "$TEMPORAL_ADDRESS"; }

attempt=1
until out=$(tcli operator cluster health 2>&1); do
  [ "$attempt" -lt "$HEALTH_ATTEMPTS" ] ||
    fail "the Temporal frontend at $TEMPORAL_ADDRESS did not become healthy after $attempt attempts" "$out"
  attempt=$((attempt + 1))
  sleep "$HEALTH_INTERVAL"
done
log "frontend $TEMPORAL_ADDRESS is serving"

if out=$(tcli operator namespace describe --namespace "$TEMPORAL_NAMESPACE" 2>&1); then
  log "namespace $TEMPORAL_NAMESPACE: exists"
else
  case $out in
    *"is not found"*)
      if out=$(tcli operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$RETENTION" 2>&1); then
        log "namespace $TEMPORAL_NAMESPACE: created (retention $RETENTION)"
      else
        case $out in
          *"already exists"*) log "namespace $TEMPORAL_NAMESPACE: created concurrently" ;;
          *) fail "namespace $TEMPORAL_NAMESPACE: create failed" "$out" ;;
        esac
      fi
      ;;
    *) fail "namespace $TEMPORAL_NAMESPACE: describe failed" "$out" ;;
  esac
fi

# The registered attributes as JSON lines like `"TicketStatus": "INDEXED_VALUE_TYPE_KEYWORD"`.
# Right after the namespace is created the frontend may not know it yet: retry briefly.
attempt=1
until existing=$(tcli operator search-attribute list --namespace "$TEMPORAL_NAMESPACE" --output json 2>&1); do
  [ "$attempt" -lt 15 ] || fail "namespace $TEMPORAL_NAMESPACE: listing search attributes failed" "$existing"
  attempt=$((attempt + 1))
  sleep "$HEALTH_INTERVAL"
done

# Check all of them before creating any: a wrong type stops the job without a half-done change.
missing=''
for attr in $SEARCH_ATTRIBUTES; do
  name=${attr%%=*}
  type=${attr#*=}
  # Keyword -> INDEXED_VALUE_TYPE_KEYWORD, Int -> INDEXED_VALUE_TYPE_INT
  want=INDEXED_VALUE_TYPE_$(printf '%s' "$type" | tr '[:lower:]' '[:upper:]')
  have=$(printf '%s\n' "$existing" | sed -n "s/^ *\"$name\": *\"\([A-Z_]*\)\".*/\1/p" | head -n 1)
  if [ "$have" = "$want" ]; then
    log "search attribute $name ($type): exists"
  elif [ -n "$have" ]; then
    fail "search attribute $name exists as $have, but ticketflow's workflows need $want"
  else
    missing="$missing $attr"
  fi
done

for attr in $missing; do
  name=${attr%%=*}
  type=${attr#*=}
  out=$(tcli operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type "$type" 2>&1) ||
    fail "search attribute $name ($type): create failed" "$out"
  log "search attribute $name ($type): created"
done

log "namespace $TEMPORAL_NAMESPACE ready"
