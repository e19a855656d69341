#!/usr/bin/env bash
# The README's web console screenshots: starts a server in a test (ConsoleScreenshotsIT), makes example keys in
# several Regions with the AWS SDK (a multi-Region primary with four replicas, rotation, tags, audit events, two
# outages), and saves PNGs of the key list, the primary's Regionality tab, the audit trail and the outages view, and
# of a strict-mode server's sign-in form, from headless Chromium into docs/console/ (or the folder given as $1).
# Needs chromium and chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
folder="$(realpath -m "${1:-docs/console}")"
mvn -B -q -pl integration-tests -am test -Dtest=ConsoleScreenshotsIT -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmeridian.screenshots="$folder"
ls -l "$folder"
