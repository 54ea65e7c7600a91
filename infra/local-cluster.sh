#!/usr/bin/env bash
# A local cluster on this machine: redis-server, N silos (Release build of the server, Development
# settings so /dev/token works) and nginx in front of them, balancing both native gRPC (HTTP/2) and
# the web port (gRPC-Web, the browser app, /dev/token), so no single silo serves every browser.
#   infra/local-cluster.sh up [N] [BALANCER_PORT]   starts everything, prints the endpoints
#   infra/local-cluster.sh down                     stops everything it started (by pid); keeps the logs
#   infra/local-cluster.sh clean                    down, then removes the logs, Redis data and configs
#   infra/local-cluster.sh start-silo I             (re)starts silo I alone, e.g. after a kill -9
#   infra/local-cluster.sh stop-silo I              stops silo I gracefully (SIGTERM: it drains first)
#   infra/local-cluster.sh start-redis | stop-redis  Redis alone (an outage an operator can stage)
# Every port and the Redis persistence come from the environment, with these defaults:
#   REDIS_PORT=6391  GRPC_BASE=5180 (silo I: gRPC GRPC_BASE+2I, web GRPC_BASE+2I+1)  SILO_BASE=11200
#   BALANCER_PORT=5090 (gRPC)  WEB_BALANCER_PORT=BALANCER_PORT+1 (web)
#   REDIS_APPENDFSYNC=always (acked = durable even if Redis crashes; "everysec" trades the last second for speed)
#   PROBE_TIMEOUT=00:00:02 MISSED_PROBES=2 (a silo killed without a goodbye is declared dead in ~4–6 s;
#   the server's defaults, 5 s × 3, suit a busier network)
# State (pids, logs with UTC timestamps, configs, Redis data) lives in .local-cluster/ at the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
state="$PWD/.local-cluster"
redis_port="${REDIS_PORT:-6391}"
grpc_base="${GRPC_BASE:-5180}"
silo_base="${SILO_BASE:-11200}"
appendfsync="${REDIS_APPENDFSYNC:-always}"
probe_timeout="${PROBE_TIMEOUT:-00:00:02}"
missed_probes="${MISSED_PROBES:-2}"

need() { command -v "$1" >/dev/null 2>&1; }

stop_pid() {
  local pidfile="$1" pid
  [ -e "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

down() {
  if [ -d "$state" ]; then
    for pidfile in "$state"/*.pid; do
      stop_pid "$pidfile"
    done
  fi
  echo "local cluster stopped (logs kept in $state)"
}

clean() {
  down >/dev/null
  rm -rf "$state"
  echo "local cluster removed"
}

wait_port() {
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on port $1" >&2
  return 1
}

start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$state" --appendonly yes --appendfsync "$appendfsync" \
    --daemonize yes --pidfile "$state/redis.pid" --logfile "$state/redis.log"
  wait_port "$redis_port"
}

stop_redis() {
  stop_pid "$state/redis.pid"
}

start_silo() {
  local i="$1" grpc=$((grpc_base + 2 * $1)) web=$((grpc_base + 2 * $1 + 1)) silo=$((silo_base + $1))
  (cd backend/src/Realtime.Server && ASPNETCORE_ENVIRONMENT=Development exec dotnet bin/Release/net10.0/Realtime.Server.dll \
    --Cluster:RedisConnectionString="127.0.0.1:$redis_port" --Cluster:ClusterId=local \
    --Cluster:ProbeTimeout="$probe_timeout" --Cluster:MissedProbesLimit="$missed_probes" \
    --Server:GrpcPort=$grpc --Server:WebPort=$web --Silo:Port=$silo --Silo:Name="silo-$i" \
    --Attachments:DataPath="$state/attachments-$i" >>"$state/silo-$i.log" 2>&1) &
  echo $! >"$state/silo-$i.pid"
  wait_port "$grpc"
}

up() {
  local silos="${1:-3}" balancer="${2:-${BALANCER_PORT:-5090}}"
  local web_balancer="${WEB_BALANCER_PORT:-$((balancer + 1))}"
  down >/dev/null
  mkdir -p "$state"
  if ! need redis-server || ! need nginx; then
    apt-get update -qq && apt-get install -y -qq redis-server nginx >/dev/null
  fi
  dotnet build backend/src/Realtime.Server -c Release -v q -nologo >/dev/null
  start_redis
  local grpc_upstreams="" web_upstreams=""
  for i in $(seq 0 $((silos - 1))); do
    start_silo "$i"
    grpc_upstreams+="    server 127.0.0.1:$((grpc_base + 2 * i)) max_fails=0;"$'\n'
    web_upstreams+="    server 127.0.0.1:$((grpc_base + 2 * i + 1)) max_fails=0;"$'\n'
  done
  cat >"$state/nginx.conf" <<CONF
pid $state/nginx.pid;
error_log $state/nginx-error.log warn;
events {}
http {
  access_log off;
  client_body_temp_path $state/nginx-body;
  proxy_temp_path $state/nginx-proxy;
  # max_fails=0: a silo that refuses connections while it restarts is skipped per request (next
  # upstream) instead of being marked down for fail_timeout, which during a reconnect storm marked
  # every silo down at once and answered 502.
  # Round robin, not least_conn: a drained silo has the fewest connections, so least_conn sent it
  # every reconnect for as long as the drain lasted (5.4 s without delivery in the chaos run vs 1.3 s).
  upstream silos {
$grpc_upstreams  }
  upstream silos_web {
$web_upstreams  }
  server {
    # Debian 12's nginx 1.22: "http2" on listen (the newer "http2 on;" is unknown there).
    listen 127.0.0.1:$balancer http2;
    # Long-lived streams: the 60 s defaults would cut idle streams.
    grpc_read_timeout 1h;
    grpc_send_timeout 1h;
    client_body_timeout 1h;
    location / {
      grpc_pass grpc://silos;
    }
  }
  server {
    # Browsers: gRPC-Web session streams (server streaming over HTTP/1.1), the app and /dev/token.
    listen 127.0.0.1:$web_balancer;
    location / {
      proxy_pass http://silos_web;
      proxy_http_version 1.1;
      proxy_set_header Host \$host;
      # A session stream's frames must reach the browser as they are written.
      proxy_buffering off;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      # A silo that died mid-request: the browser's next request goes to another one.
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
CONF
  nginx -c "$state/nginx.conf"
  wait_port "$balancer"
  wait_port "$web_balancer"
  echo "local cluster: $silos silos behind http://127.0.0.1:$balancer (gRPC) and http://127.0.0.1:$web_balancer (web: gRPC-Web, app, /dev/token?user=NAME); Redis 127.0.0.1:$redis_port (appendfsync $appendfsync)"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  clean) clean ;;
  start-silo) start_silo "$2" ;;
  stop-silo) stop_pid "$state/silo-$2.pid" ;;
  start-redis) start_redis ;;
  stop-redis) stop_redis ;;
  *) echo "usage: $0 up [SILOS] [BALANCER_PORT] | down | clean | start-silo I | stop-silo I | start-redis | stop-redis" >&2; exit 2 ;;
esac
