#!/usr/bin/env sh
# Regenerates tests/vectors/transforms/vectors.json from the real Apache Kafka 4.1.1 transforms.
# Needs a JDK 17+ and the jars kconnect's dev broker fetches from Maven Central
# (connect-api, connect-json, connect-transforms, kafka-clients, jackson): run
# `.venv/bin/kconnect dev kafka --help` once, or any integration test, to fill the cache.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lib=${KCONNECT_CACHE:-$HOME/.cache/kconnect}/kafka-4.1.1/lib
"$root/.venv/bin/python" "$here/cases.py" > "$here/cases.json"
java -cp "$lib/*" "$here/TransformVectors.java" "$here/cases.json" "$root/tests/vectors/transforms/vectors.json"
rm "$here/cases.json"
echo "wrote tests/vectors/transforms/vectors.json"
