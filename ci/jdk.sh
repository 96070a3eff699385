# Sourced by ./xbar and ci/test: sets JAVA_HOME to a JDK 25 or newer, or exits with what to install.
# Order: JAVA_HOME if it is 25+, else the newest 25+ JDK under /usr/lib/jvm.

# The feature version of the JDK at $1, into xbar_major: from its release file (every JDK since 9 has one; reading
# it costs nothing, while starting each JDK's java took 0.2-0.5 s per JDK on every ./xbar), else from the JVM itself.
# The file is read with bash's own read, not sed in a command substitution: each of those forks took 4-8 ms on the
# project's VM, about 35 ms of every ./xbar with three JDKs installed.
xbar_java_major() {
  xbar_major=""
  local line
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
        xbar_major=${BASH_REMATCH[1]}
        break
      fi
    done <"$1/release"
  fi
  if [ -z "$xbar_major" ]; then
    xbar_major=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
  fi
}

xbar_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    xbar_java_major "$JAVA_HOME"
    if [ -n "$xbar_major" ] && [ "$xbar_major" -ge 25 ]; then return 0; fi
  fi
  local best="" bestv=0 d
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/javac" ] || continue
    xbar_java_major "$d"
    if [ -n "$xbar_major" ] && [ "$xbar_major" -ge 25 ] && [ "$xbar_major" -gt "$bestv" ]; then
      best=$d
      bestv=$xbar_major
    fi
  done
  if [ -z "$best" ]; then
    echo "xbar: no JDK 25 or newer found (JAVA_HOME=${JAVA_HOME:-unset}; nothing suitable under /usr/lib/jvm)." >&2
    echo "xbar: install one, for example 'apt-get install temurin-25-jdk' from Adoptium, or any OpenJDK 25," >&2
    echo "xbar: then set JAVA_HOME to it." >&2
    exit 1
  fi
  export JAVA_HOME=$best
}

xbar_find_jdk
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8.7 bundles a Guava that warns about sun.misc.Unsafe on JDK 25; this flag quiets it.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
