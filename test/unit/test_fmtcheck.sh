#!/bin/sh
# Tests tools/fmtcheck against the cases in fmtcheck_cases/. Builds nothing:
#   test/unit/test_fmtcheck.sh PATH/TO/fmtcheck
# good.c must pass (exit 0, no output). Each bad_*.c must fail (exit 1) with
# exactly one "FILE:N: ..." line, N taken from its "/* expect-line: N */"
# comment. An optional "/* fmtcheck-args: ... */" comment gives -f options.
# Prints "ok - name" / "not ok - name"; exits non-zero on any failure.

bin=$1
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "usage: $0 PATH/TO/fmtcheck" >&2
  exit 2
fi
dir=$(dirname "$0")/fmtcheck_cases
fail=0

args_of() {
  sed -n 's|.*/\* fmtcheck-args: \(.*\) \*/.*|\1|p' "$1" | head -n 1
}

out=$("$bin" "$dir/good.c" 2>&1)
rc=$?
if [ "$rc" -eq 0 ] && [ -z "$out" ]; then
  echo "ok - good.c"
else
  echo "not ok - good.c (exit $rc)"
  printf '%s\n' "$out" | sed 's/^/#   /'
  fail=1
fi

for f in "$dir"/bad_*.c; do
  name=$(basename "$f")
  want=$(sed -n 's|.*/\* expect-line: \([0-9][0-9]*\) \*/.*|\1|p' "$f" | head -n 1)
  if [ -z "$want" ]; then
    echo "not ok - $name (no expect-line comment)"
    fail=1
    continue
  fi
  # shellcheck disable=SC2046 # the options are meant to be split
  out=$("$bin" $(args_of "$f") "$f" 2>&1)
  rc=$?
  lines=$(printf '%s\n' "$out" | grep -c .)
  if [ "$rc" -eq 1 ] && [ "$lines" -eq 1 ] &&
     printf '%s\n' "$out" | grep -q "^$f:$want: "; then
    echo "ok - $name"
  else
    echo "not ok - $name (exit $rc, wanted one error at line $want)"
    printf '%s\n' "$out" | sed 's/^/#   /'
    fail=1
  fi
done

# Usage errors are not "problems found".
"$bin" >/dev/null 2>&1
rc=$?
if [ "$rc" -eq 2 ]; then echo "ok - usage"; else echo "not ok - usage (exit $rc)"; fail=1; fi

exit $fail
