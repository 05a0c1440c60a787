# Sourced by bin/*: exports JAVA_HOME pointing at a JDK >= 21 (the build targets Java 21), and its
# feature release as JAVA_MAJOR.
# Order: $JAVA_HOME if new enough, then `java` on PATH, then the newest JDK under /usr/lib/jvm.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1; }
pick_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(java_major "$c")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then export JAVA_HOME="$c" JAVA_MAJOR="${v%%.*}"; return 0; fi
  done
  echo "freight: no JDK 21 or newer found (set JAVA_HOME)" >&2
  return 1
}
pick_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
# Maven: the wrapper pins the version; a machine's own mvn is used when the wrapper cannot run.
mvn_cmd() {
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if [ -x "$root/mvnw" ]; then "$root/mvnw" "$@"; else mvn "$@"; fi
}
