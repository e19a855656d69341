#!/usr/bin/env bash
# Time from EmbeddedMeridian.start() to the first answered KMS request through the AWS SDK for Java v2 (testkit's
# EmbeddedStartTime), in a fresh JVM and then for a second server in the same JVM, as a test suite using the test kit
# meets them; and the JVM's whole run, launch to exit, measured outside. Needs the test classes built (mvn -B -q -pl testkit -am test-compile) and, once, the
# classpath (written to testkit/target/classpath.txt). RUNS (default 5) runs; JAVA_OPTS are passed to the JVM;
# RAW=1 measures the server's own start without the SDK (a request sent as bytes over a socket); JUNIT=extension or
# JUNIT=sdk-loaded measures it as the first test class of a test JVM sees it, JUnit running (StartTimeInJUnit): a
# MeridianExtension that starts the server and injects the client, or an SDK client built before the server starts.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-5}"
if [[ ! -s testkit/target/classpath.txt ]]; then
  mvn -B -q -o -pl testkit -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/classpath.txt
fi
# The server's classes from this working copy, never an installed meridian-server jar of the local repository; not the
# server's test classes (the kit's tests need them, the measurement does not): their logback-test.xml beside the kit's
# would make Logback print its status to standard output, in the way of the lines below.
dependencies="$(tr ':' '\n' <testkit/target/classpath.txt | grep -v -e '/dev/meridian/' -e '/server/target/test-classes' \
  | paste -sd: -)"
# The measuring classes without the kit's own logback-test.xml (which its tests use), so that Logback is configured as
# for a project that uses the kit: in code (LogConfiguration). KIT_LOGBACK_XML=1 keeps it: a project's own XML file
# adds its parsing by Joran (about 0.15 s of the first server's start on this machine).
measuring="testkit/target/test-classes"
if [[ "${KIT_LOGBACK_XML:-}" != 1 ]]; then
  measuring="$(mktemp -d)"
  trap 'rm -rf "$measuring"' EXIT
  cp -r testkit/target/test-classes/dev "$measuring/"
fi
classpath="$measuring:testkit/target/classes:${SERVER_CLASSES:-server/target/classes}:$dependencies"
if [[ -n "${JUNIT:-}" ]]; then
  for run in $(seq 1 "$runs"); do
    echo "run $run, $(java ${JAVA_OPTS:-} -cp "$classpath" dev.meridian.testkit.StartTimeInJUnit "$JUNIT" 2>/dev/null)"
  done
  exit 0
fi
if [[ "${RAW:-}" == 1 ]]; then
  # The server's own start, without the SDK: EmbeddedMeridian.start() to a GenerateRandom sent as bytes.
  for run in $(seq 1 "$runs"); do
    echo "run $run, $(java ${JAVA_OPTS:-} -cp "$classpath" dev.meridian.testkit.EmbeddedStartTime --raw 2>/dev/null)"
  done
  exit 0
fi
for run in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  lines=$(java ${JAVA_OPTS:-} -cp "$classpath" dev.meridian.testkit.EmbeddedStartTime 2>/dev/null)
  end=$(date +%s%N)
  echo "run $run, $(head -1 <<<"$lines")"
  echo "run $run, $(tail -1 <<<"$lines"); JVM launch to exit $(( (end - start) / 1000000 )) ms"
done
