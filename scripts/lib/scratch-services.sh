# Sourced by scripts/test.sh and the benchmarks: a scratch Postgres and Redis on free loopback ports, in a
# temporary folder that is removed, with the servers stopped, when the calling script exits.
#   start_scratch_services BINARY NAME [--database DB]
# sets scratch (the folder), postgres_url and redis_url.

start_scratch_services() {
  local binary="$1" name="$2"
  shift 2
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/meridian-$name.XXXXXX")"
  # The postgres account runs the database server when we are root: it must enter this folder.
  chmod 755 "$scratch"
  scratch_binary="$binary"
  trap stop_scratch_services EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local services
  services="$("$binary" dev services start --dir "$scratch" --json "$@")"
  postgres_url="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["postgresURL"])' <<<"$services")"
  redis_url="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["redisURL"])' <<<"$services")"
}

stop_scratch_services() {
  "$scratch_binary" dev services stop --dir "$scratch" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
