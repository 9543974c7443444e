# common.sh — what the end-to-end tests share; source it after `set`.
# Checks that the binary is named, works from the project directory, makes
# a scratch directory $tmp (removed on exit), and defines check(): it
# records a failure in $fail and goes on.
: "${MARSAD:?path of the marsad binary}"
cd "${MARSAD_SRC:-.}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check WHAT GOT WANT
  if [ "$2" != "$3" ]; then echo "FAIL: $1: got [$2], want [$3]"; fail=1; fi
}

# serve_start DB: starts `marsad serve` on a free loopback port over DB and
# waits for it; sets $serve_url (http://127.0.0.1:PORT) and $serve_pid, and
# stops the server on exit.
serve_start() {
  "$MARSAD" --db "$1" serve --port 0 > "$tmp/serve.out" 2> "$tmp/serve.err" &
  serve_pid=$!
  trap 'kill "$serve_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
  for _ in $(seq 100); do
    serve_url=$(sed -n 's|^serving .* on \(http://[^/]*\)/$|\1|p' "$tmp/serve.out")
    [ -n "$serve_url" ] && return 0
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL: marsad serve did not start: $(cat "$tmp/serve.err")"
  exit 1
}
