#!/usr/bin/env bash
# Installs what Meridian needs to build, run and test, skipping whatever is present already.
# Safe to run again; quiet unless something has to be installed or fails.
set -euo pipefail

APT_PACKAGES=(
  libpq-dev libhiredis-dev libssl-dev libmicrohttpd-dev libcurl4-openssl-dev
  redis-server pgbouncer nginx postgresql-15 python3-pip wrk nftables
)
PYTHON_MODULES=(cronsim standardwebhooks jwt)
PIP_PACKAGES=(cronsim standardwebhooks pyjwt)

fail() {
  echo "install-deps: $*" >&2
  exit 1
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo -n "$@" || fail "needs root to run: $* (sudo -n was refused)"
  else
    fail "needs root to run: $*"
  fi
}

missing=()
for package in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >/dev/null || fail "apt-get update failed; check the network and /etc/apt/sources.list"
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install failed for: ${missing[*]}"
fi

missing_python=()
for index in "${!PYTHON_MODULES[@]}"; do
  if ! python3 -c "import ${PYTHON_MODULES[$index]}" 2>/dev/null; then
    missing_python+=("${PIP_PACKAGES[$index]}")
  fi
done

if ((${#missing_python[@]} > 0)); then
  echo "install-deps: installing Python packages ${missing_python[*]}"
  pip_flags=(--quiet --disable-pip-version-check)
  if python3 -m pip install --help 2>/dev/null | grep -q -- --break-system-packages; then
    pip_flags+=(--break-system-packages)
  fi
  python3 -m pip install "${pip_flags[@]}" "${missing_python[@]}" \
    || fail "pip install failed for: ${missing_python[*]}"
fi
