#!/usr/bin/env bash
# Every C and C++ file of the project is formatted as .clang-format says (Google style, 120
# columns), so that a diff shows changes of meaning, not of layout. Run clang-format -i on a
# file this test names. clang-format's output changes between major versions: the check uses
# Debian 12's clang-format 14 (clang-format-14 when installed under that name).
set -u
source "$EVTXDIAG_SOURCE_DIR/tests/support/skip.sh"
format=$(command -v clang-format-14 || command -v clang-format || true)
[ -n "$format" ] || skip_test tool:clang-format "clang-format is not installed"
cd "$EVTXDIAG_SOURCE_DIR"
if [ -d .git ] && command -v git >/dev/null; then
  mapfile -t files < <(git ls-files -- '*.cpp' '*.hpp' '*.c' '*.h' | grep -v '^testdata/')
else  # a source tree without git: the same folders
  mapfile -t files < <(find lib tools bindings tests fuzz bench -name '*.[ch]pp' -o -name '*.[ch]' | sort)
fi
[ ${#files[@]} -ge 300 ] || { echo "FAIL: only ${#files[@]} C/C++ files found"; exit 1; }
unformatted=()
for file in "${files[@]}"; do
  "$format" --dry-run -Werror "$file" >/dev/null 2>&1 || unformatted+=("$file")
done
if [ ${#unformatted[@]} -gt 0 ]; then
  echo "FAIL: ${#unformatted[@]} of ${#files[@]} files differ from .clang-format ($("$format" --version)):"
  printf '  %s\n' "${unformatted[@]}"
  echo "fix: $format -i <file>"
  exit 1
fi
echo "${#files[@]} files formatted as .clang-format says"
