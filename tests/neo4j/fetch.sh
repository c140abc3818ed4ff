#!/usr/bin/env bash
# Copy the Neo4j Community server jars named in pom.xml into tests/neo4j/lib/.
# Does nothing when lib/ already holds the jars of the current pom.xml.
set -euo pipefail
cd "$(dirname "$0")"
stamp=lib/.pom.sha256
want=$(sha256sum pom.xml | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  exit 0
fi
command -v mvn >/dev/null || { echo "fetch.sh: Maven (mvn) is needed to fetch the Neo4j test server" >&2; exit 1; }
command -v java >/dev/null || { echo "fetch.sh: Java 17 is needed to run the Neo4j test server" >&2; exit 1; }
rm -rf lib.tmp
mvn --batch-mode --quiet -Dstyle.color=never dependency:copy-dependencies -DoutputDirectory=lib.tmp
rm -rf lib
mv lib.tmp lib
echo "$want" > "$stamp"
echo "fetch.sh: $(ls lib/*.jar | wc -l) jars, $(du -sh lib | cut -f1) in tests/neo4j/lib/"
