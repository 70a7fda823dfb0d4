#!/usr/bin/env bash
# Runs MirrorMaker 2 (Kafka's own connect-mirror driver, dedicated mode) in this process: copies the
# events, interactions and key topics from the primary cluster to the backup cluster, as
# mm2.properties says. See docs/operations.md.
#
#   SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS   the primary cluster (the platform's own setting)
#   SUGGESTIONS_MIRROR_BOOTSTRAP_SERVERS  the backup cluster, at another site
#   MIRROR_METRICS_PORT                   if set, serve the mirror's lag for Prometheus on this
#                                         port (/metrics; jmx-exporter.yml says what)
#   MIRROR_JAVA_OPTS                      JVM options, e.g. -Xmx512m
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
primary="${SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS:?set it to the primary cluster, e.g. kafka-1:9092,kafka-2:9092}"
backup="${SUGGESTIONS_MIRROR_BOOTSTRAP_SERVERS:?set it to the backup cluster}"
case "$primary$backup" in
  *'|'* | *' '*) echo "mirror.sh: bootstrap servers are host:port lists, without '|' or spaces" >&2; exit 2 ;;
esac
mkdir -p "$here/target"
classpath="$here/target/classpath.txt"
if [ ! -s "$classpath" ] || [ "$here/pom.xml" -nt "$classpath" ]; then
  "$here/../../mvnw" -q -B -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$classpath"
fi
agent=()
if [ -n "${MIRROR_METRICS_PORT:-}" ]; then
  case "$MIRROR_METRICS_PORT" in
    *[!0-9]* | '') echo "mirror.sh: MIRROR_METRICS_PORT is a port number" >&2; exit 2 ;;
  esac
  jar="$(tr ':' '\n' < "$classpath" | grep '/jmx_prometheus_javaagent-[^/]*\.jar$' | head -1)"
  agent=("-javaagent:$jar=$MIRROR_METRICS_PORT:$here/jmx-exporter.yml")
fi
config="$here/target/mm2.properties"
sed -e "s|\${PRIMARY}|$primary|" -e "s|\${BACKUP}|$backup|" "$here/mm2.properties" > "$config"
# --clusters backup: this process drives the flows into the backup cluster (run it near the backup).
exec java ${MIRROR_JAVA_OPTS:-} "${agent[@]}" -Dlogback.configurationFile="$here/logback.xml" -cp "$(cat "$classpath")" \
  org.apache.kafka.connect.mirror.MirrorMaker "$config" --clusters backup
