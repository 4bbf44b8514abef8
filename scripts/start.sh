#!/usr/bin/env bash
# One command from a fresh machine: install dependencies, build, start awsemu on 127.0.0.1:4566.
# Extra arguments and the usual environment variables (docs/configuration.md) go to the server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/build.sh"
exec "${BUILD_DIR:-$ROOT/build}/awsemu" "$@"
