#!/bin/sh
# Register the tdkt namespace once, with its history retention; update the retention otherwise.
set -eu
ns="${TEMPORAL_NAMESPACE:-tdkt}"
retention="${TEMPORAL_RETENTION:-90d}"
addr="${TEMPORAL_ADDRESS:-temporal:7233}"
until temporal operator cluster health --address "$addr" >/dev/null 2>&1; do
  echo "waiting for Temporal at $addr"; sleep 2
done
if temporal operator namespace describe -n "$ns" --address "$addr" >/dev/null 2>&1; then
  temporal operator namespace update -n "$ns" --retention "$retention" --address "$addr"
else
  temporal operator namespace create -n "$ns" --retention "$retention" --address "$addr"
fi
echo "namespace $ns ready (retention $retention)"
