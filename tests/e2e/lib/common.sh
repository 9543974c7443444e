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
