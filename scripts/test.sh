#!/usr/bin/env bash
# Runs every test suite: buf lint over the contracts, all .NET test projects, the web client's unit
# tests and its end-to-end tests in Chromium, and the infra checks.
# Installs what it needs when it is missing (npm, redis-server, nginx, python3-yaml, chromium, the npm
# packages), so it works on a fresh machine.
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
status=0
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

need() { command -v "$1" >/dev/null 2>&1; }

if ! need dotnet; then
  echo "The .NET SDK (see global.json) is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 2
fi
missing=()
need npm || missing+=(nodejs npm)
# Tests that claim Redis behaviour run against a real redis-server (started per test class on a free port).
need redis-server || missing+=(redis-server)
need nginx || missing+=(nginx)
python3 -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)
# The web client's end-to-end tests drive Debian's Chromium through playwright-core.
need chromium || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== contracts: buf lint"
if [ ! -x protos/node_modules/.bin/buf ]; then
  (cd protos && npm ci --no-audit --no-fund)
fi
if (cd protos && ./node_modules/.bin/buf lint); then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi

echo "== .NET: build everything (dotnet test alone builds only test projects and what they reference)"
# The web end-to-end tests run the terminal chat client; the cluster check runs realtime-admin.
if ! dotnet build Realtime.sln -nologo -clp:ErrorsOnly; then
  failed=$((failed + 1))
  status=1
fi

echo "== .NET: test"
# -m:1 runs one test project at a time: each starts real servers and silos, and this is a 2-core machine.
dotnet test Realtime.sln -m:1 --blame-hang-timeout 5m 2>&1 | tee "$out/dotnet.log"
dotnet_status=${PIPESTATUS[0]}
read -r dn_passed dn_failed < <(grep -E '^(Passed|Failed)! ' "$out/dotnet.log" \
  | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+).*/\2 \1/' \
  | awk '{p += $1; f += $2} END {print p + 0, f + 0}')
passed=$((passed + dn_passed))
failed=$((failed + dn_failed))
if [ "$dotnet_status" -ne 0 ]; then
  status=1
  if [ "$dn_failed" -eq 0 ]; then
    # The build or a test host failed without reporting a failed test: count it so the line says so.
    failed=$((failed + 1))
  fi
fi

# Runs vitest with a JSON report and adds its counts; a run that reports nothing counts as one failure.
vitest_suite() {
  local report="$out/$1.json"
  shift
  (cd web-client && npx vitest run "$@" --reporter=default --reporter=json --outputFile.json="$report")
  local suite_status=$?
  local counts
  counts="$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["numPassedTests"], r["numFailedTests"])' "$report" 2>/dev/null || echo "0 1")"
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
  if [ "$suite_status" -ne 0 ]; then
    status=1
    [ "${counts#* }" -eq 0 ] && failed=$((failed + 1))
  fi
}

echo "== web: install, generate from the protos, build"
if (cd web-client && npm ci --no-audit --no-fund && npm run build); then
  echo "== web: unit tests (vitest, no server)"
  vitest_suite unit
  echo "== web: end to end (a real server, Chromium via playwright-core)"
  vitest_suite e2e --config vitest.e2e.config.ts
else
  failed=$((failed + 1))
  status=1
fi

echo "== load tool: the same chat load against Realtime, the bare gRPC and the SignalR baselines (short)"
# The real comparison (Release, more members and rounds) is the load tool's compare command; see load-tests/README.md.
if dotnet load-tests/Realtime.LoadTests/bin/Debug/net10.0/Realtime.LoadTests.dll compare --configuration Debug \
     --members 20 --rate 10 --warm-up 1 --duration 2 --rounds 1 --report-dir "$out/reports"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi

echo "== benchmarks: every BenchmarkDotNet benchmark once (a dry run; real figures: benchmarks/README.md)"
if dotnet build benchmarks/Realtime.MicroBenchmarks -c Release -v q -nologo -clp:ErrorsOnly \
   && dotnet benchmarks/Realtime.MicroBenchmarks/bin/Release/net10.0/Realtime.MicroBenchmarks.dll \
        --filter '*' --job Dry --inProcess --artifacts "$out/benchmarks" >"$out/benchmarks.log" 2>&1; then
  passed=$((passed + 1))
else
  tail -40 "$out/benchmarks.log"
  failed=$((failed + 1))
  status=1
fi

echo "== infra: YAML files parse and the Kubernetes manifests agree"
if python3 scripts/check-infra.py; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi

echo "== infra: a client through the local cluster (2 silos behind nginx)"
trap 'bash infra/local-cluster.sh down >/dev/null 2>&1; rm -rf "$out"' EXIT
if bash infra/local-cluster.sh up 2 5090 \
  && dotnet load-tests/Realtime.LoadTests/bin/Debug/net10.0/Realtime.LoadTests.dll chat \
       --members 40 --rate 20 --warm-up 1 --duration 3 --no-live \
       --target http://127.0.0.1:5090 --web http://127.0.0.1:5091 --report-dir "$out/reports"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi
echo "== infra: the operator sees both silos through the balancer"
if dotnet backend/src/Realtime.AdminCli/bin/Debug/net10.0/realtime-admin.dll --json \
     --server http://127.0.0.1:5090 --web http://127.0.0.1:5091 overview \
   | python3 -c '
import json, sys
silos = json.load(sys.stdin)["silos"]
serving = [s for s in silos if s["status"] == "SILO_STATUS_ACTIVE" and s["reporting"] and not s["draining"]]
print(f"{len(serving)} of {len(silos)} silos active, reporting and serving")
sys.exit(0 if len(serving) == 2 else 1)
'; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi
echo "== infra: a short fault campaign on that cluster (kill -9 of a silo and its restart, a drain)"
# The full campaign (every fault, 3 silos, 200 clients) is the load tool's chaos command; see load-tests/README.md.
if dotnet load-tests/Realtime.LoadTests/bin/Debug/net10.0/Realtime.LoadTests.dll chaos --no-start --silos 2 \
     --faults kill drain --settle 3 --observe 10 --restart-after 5 --rooms 2 --members 20 --senders 1 --rate 5 \
     --report-dir "$out/reports"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi
bash infra/local-cluster.sh clean

echo "$passed passed, $failed failed"
exit $status
