#!/usr/bin/env bash
# moto's server (moto_server, from `pip install 'moto[server]'`) behind the command line scripts/start-time.sh gives a
# launcher, so that its start can be measured alternated with Meridian's: AGAINST=scripts/moto-serve.sh
# scripts/start-time.sh. Reads `serve --port PORT` and ignores the other options (moto keeps no data folder).
set -euo pipefail
port=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    *) shift ;;
  esac
done
exec moto_server -p "${port:?--port is needed}"
