#!/bin/sh
# Idempotent: creates the namespace and registers ticketflow's search attributes.
set -eu
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" | grep -q SERVING; do sleep 2; done
temporal operator namespace describe -n "$NAMESPACE" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1 ||
  temporal operator namespace create -n "$NAMESPACE" --retention 30d --address "$TEMPORAL_ADDRESS"
for attr in TicketStatus=Keyword TechnicianId=Int ItemSerial=Keyword ClientTelegramId=Int; do
  temporal operator search-attribute create -n "$NAMESPACE" --address "$TEMPORAL_ADDRESS" \
    --name "${attr%%=*}" --type "${attr#*=}" 2>/dev/null || true
done
echo "namespace $NAMESPACE ready"
