#!/usr/bin/env bash
# One command from a fresh machine: install dependencies, build, run every test:
#   1. CTest: unit tests, the protocol and SigV4 vector suites, the end-to-end tests (boto3, aws CLI)
#   2. the shared acceptance suite (../shared/acceptance) for the services that have landed,
#      against a server started here on a free port.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
SHARED_DIR="${SHARED_DIR:-$ROOT/../shared}"
# Services whose acceptance tests run (ACCEPTANCE_FILTER, when set, is passed to pytest's -k).
# SNS's multi-channel test subscribes a Lambda function, so it joins when Lambda lands.
ACCEPTANCE_SERVICES="${ACCEPTANCE_SERVICES:-sts,sqs,s3,iam,dynamodb,sns}"
ACCEPTANCE_FILTER="${ACCEPTANCE_FILTER:-not test_multi_channel_subscriptions}"

"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/build.sh"

status=0
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" || status=1

if [ -d "$SHARED_DIR/acceptance" ] && [ -n "$ACCEPTANCE_SERVICES" ]; then
  log="$(mktemp)"
  GATEWAY_LISTEN=127.0.0.1:0 "$BUILD_DIR/awsemu" >"$log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
  for _ in $(seq 1 100); do grep -q '^Ready\.$' "$log" && break; sleep 0.1; done
  port="$(grep -oE 'listening on [^ ]+:[0-9]+' "$log" | head -n1 | grep -oE '[0-9]+$')"
  echo "== acceptance ($ACCEPTANCE_SERVICES) against 127.0.0.1:$port"
  args=()
  if [ -n "$ACCEPTANCE_FILTER" ]; then args+=(-k "$ACCEPTANCE_FILTER"); fi
  "$SHARED_DIR/acceptance/run.sh" "http://127.0.0.1:$port" --services "$ACCEPTANCE_SERVICES" "${args[@]}" || status=1
  kill -TERM "$pid"; wait "$pid" || status=1
fi
exit $status
