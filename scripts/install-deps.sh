#!/usr/bin/env bash
# Installs awsemu's build and test dependencies from Debian's packages (bookworm). Idempotent:
# does nothing when everything is already there.
set -euo pipefail
PACKAGES=(
  g++ cmake ninja-build pkg-config   # toolchain
  libboost1.81-dev libboost-url1.81-dev  # Beast/Asio (HTTP server, coroutines), Boost.URL
  nlohmann-json3-dev   # JSON documents and the json/rest-json codecs
  libsqlite3-dev       # state storage
  libssl-dev           # SHA-256/HMAC (SigV4), MD5, SHA-1, random ids
  zlib1g-dev           # CRC32 checksums
  libspdlog-dev libfmt-dev  # logging (header-only use)
  libpugixml-dev       # XML (query, rest-xml codecs)
  libgtest-dev         # unit tests
  python3-pytest       # end-to-end and acceptance tests (boto3 + awscli come with python3)
  wrk                  # benchmarks
)
missing=()
for package in "${PACKAGES[@]}"; do
  case "$package" in \#*) continue;; esac
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
