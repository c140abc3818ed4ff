#!/usr/bin/env bash
# Copy the Neo4j Community server jars named in pom.xml into tests/neo4j/lib/, and
# Graph Data Science (gds/pom.xml, with the extension gds/GdsExtension.java compiled
# against both) into tests/neo4j/lib/plugins/.
# Does nothing when lib/ already holds the jars of the current files.
set -euo pipefail
cd "$(dirname "$0")"
stamp=lib/.pom.sha256
want=$(cat pom.xml gds/pom.xml gds/GdsExtension.java | sha256sum | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  exit 0
fi
command -v mvn >/dev/null || { echo "fetch.sh: Maven (mvn) is needed to fetch the Neo4j test server" >&2; exit 1; }
command -v java >/dev/null || { echo "fetch.sh: Java 17 is needed to run the Neo4j test server" >&2; exit 1; }
rm -rf lib.tmp
mvn=(mvn --batch-mode --quiet -Dstyle.color=never dependency:copy-dependencies)
"${mvn[@]}" -DoutputDirectory=lib.tmp
"${mvn[@]}" -f gds/pom.xml -DoutputDirectory="$PWD/lib.tmp/plugins"
# Maven Central's GDS procedures lack the kernel extension of the packaged plugin.
rm -rf gds.tmp
mkdir -p gds.tmp/META-INF/services
javac -nowarn -d gds.tmp -cp "lib.tmp/*:lib.tmp/plugins/*" gds/GdsExtension.java
echo claimgraph.tests.GdsExtension > gds.tmp/META-INF/services/org.neo4j.kernel.extension.ExtensionFactory
jar --create --file lib.tmp/plugins/claimgraph-gds-extension.jar -C gds.tmp .
rm -rf gds.tmp
rm -rf lib
mv lib.tmp lib
echo "$want" > "$stamp"
echo "fetch.sh: $(ls lib/*.jar | wc -l) server jars, $(ls lib/plugins/*.jar | wc -l) GDS jars, $(du -sh lib | cut -f1) in tests/neo4j/lib/"
