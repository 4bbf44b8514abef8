#!/usr/bin/env bash
# run.sh AWSEMU_BINARY [pytest args...]
# End-to-end tests: each test module starts the real server on a free port and drives it with boto3
# and the aws CLI. pytest comes from Debian's python3-pytest, imported into the python3 on PATH
# (which has boto3) the way ../shared/acceptance/run.sh does.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export AWSEMU_BIN="$(realpath "$1")"
shift
export PYTHONDONTWRITEBYTECODE=1
cd "$HERE"
# The whole folder unless test files are named (run.sh BIN test_limits.py -k gzip).
targets=("$HERE")
for arg in "$@"; do
  case "$arg" in *.py|*.py::*) targets=();; esac
done
exec python3 -c "import sys; sys.path.append('/usr/lib/python3/dist-packages'); import pytest; sys.exit(pytest.main())" \
    -q -rfE -p no:cacheprovider "${targets[@]}" "$@"
