#!/usr/bin/env bash
# Time from EmbeddedMeridian.start() to the first answered KMS request through the AWS SDK for Java v2 (testkit's
# EmbeddedStartTime), in a fresh JVM and then for a second server in the same JVM, as a test suite using the test kit
# meets them; and the JVM's whole run, launch to exit, measured outside. Needs the test classes built (mvn -B -q -pl testkit -am test-compile) and, once, the
# classpath (written to testkit/target/classpath.txt). RUNS (default 5) runs; JAVA_OPTS are passed to the JVM;
# RAW=1 measures the server's own start without the SDK (a request sent as bytes over a socket); JUNIT=extension or
# JUNIT=sdk-loaded measures it as the first test class of a test JVM sees it, JUnit running (StartTimeInJUnit): a
# MeridianExtension that starts the server and injects the client, or an SDK client built before the server starts;
# JUNIT=external measures the first SDK client alone, against a server started outside the JVM before the runs
# (EXTERNAL=scripts/moto-serve.sh for moto), as a test suite meets an emulator run beside it.
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
scratch="" # a copy of the measuring classes, deleted at exit
server="" data="" # JUNIT=external's server process and its data folder
trap 'if [[ -n "$server" ]]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi
      rm -rf ${scratch:+"$scratch"} ${data:+"$data"}' EXIT
if [[ "${KIT_LOGBACK_XML:-}" != 1 ]]; then
  scratch="$(mktemp -d)"
  cp -r testkit/target/test-classes/dev "$scratch/"
  measuring="$scratch"
fi
classpath="$measuring:testkit/target/classes:${SERVER_CLASSES:-server/target/classes}:$dependencies"
if [[ "${JUNIT:-}" == external ]]; then
  # A server outside the test JVM, started once before the runs: EXTERNAL (default ./meridian, or
  # scripts/moto-serve.sh) with `serve --port`; each run's first SDK client asks it.
  port=$((20000 + RANDOM % 20000))
  data="$(mktemp -d)"
  ${EXTERNAL:-./meridian} serve --port "$port" --data-dir "$data" --log-level warn >/dev/null 2>&1 &
  server=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 "$server" 2>/dev/null || { echo "${EXTERNAL:-./meridian} stopped before answering" >&2; exit 1; }
    sleep 0.1
  done
  # Some requests, then a second for its JIT compilers to settle: the measured JVM should not share the cores with them.
  for request in $(seq 1 20); do curl -s -o /dev/null "http://127.0.0.1:$port/"; done
  sleep 1
  JAVA_OPTS="${JAVA_OPTS:-} -Dmeridian.endpoint=http://127.0.0.1:$port"
fi
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
