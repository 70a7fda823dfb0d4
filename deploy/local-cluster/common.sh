# Shared by the local-cluster scripts: where the jar and the cluster's data live.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=$ROOT/deploy/target/suggestions.jar
DIR=${SUGGESTIONS_LOCAL_CLUSTER_DIR:-$ROOT/data/local-cluster}
NODES=(1 2 3)
BOOTSTRAP=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094

ensure_jar() {
  if [ ! -f "$JAR" ]; then
    echo "Building the all-in-one jar..." >&2
    (cd "$ROOT" && ./mvnw -q -DskipTests -Dspotless.check.skip=true package)
  fi
}

suggestions() {
  java -Xmx128m -DKAFKA_LOG_LEVEL=ERROR -jar "$JAR" "$@"
}

pid_of() {
  local file=$DIR/node-$1/pid
  [ -f "$file" ] && cat "$file" || true
}

is_running() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}
