#!/usr/bin/env bash
# A local cluster on this machine: redis-server, N silos (Release build of the server, Development
# settings so /dev/token works) and nginx as the HTTP/2 gRPC balancer in front.
#   infra/local-cluster.sh up [N] [BALANCER_PORT]   starts everything, prints the endpoint
#   infra/local-cluster.sh down                     stops everything it started (by pid)
# State (pids, logs, configs) lives in .local-cluster/ at the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
state="$PWD/.local-cluster"
redis_port=6391

need() { command -v "$1" >/dev/null 2>&1; }

down() {
  if [ -d "$state" ]; then
    for pidfile in "$state"/*.pid; do
      [ -e "$pidfile" ] || continue
      pid="$(cat "$pidfile")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    done
    rm -rf "$state"
  fi
  echo "local cluster stopped"
}

wait_port() {
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on port $1" >&2
  return 1
}

up() {
  local silos="${1:-3}" balancer="${2:-5090}"
  down >/dev/null
  mkdir -p "$state"
  if ! need redis-server || ! need nginx; then
    apt-get update -qq && apt-get install -y -qq redis-server nginx >/dev/null
  fi
  dotnet build backend/src/Realtime.Server -c Release -v q -nologo >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$state" --appendonly yes --appendfsync everysec \
    --daemonize yes --pidfile "$state/redis.pid" --logfile "$state/redis.log"
  wait_port "$redis_port"
  local upstreams=""
  for i in $(seq 0 $((silos - 1))); do
    local grpc=$((5180 + 2 * i)) web=$((5181 + 2 * i)) silo=$((11200 + i))
    (cd backend/src/Realtime.Server && ASPNETCORE_ENVIRONMENT=Development exec dotnet bin/Release/net10.0/Realtime.Server.dll \
      --Cluster:RedisConnectionString="127.0.0.1:$redis_port" --Cluster:ClusterId=local \
      --Server:GrpcPort=$grpc --Server:WebPort=$web --Silo:Port=$silo \
      --Attachments:DataPath="$state/attachments-$i" >"$state/silo-$i.log" 2>&1) &
    echo $! >"$state/silo-$i.pid"
    upstreams+="    server 127.0.0.1:$grpc;"$'\n'
  done
  for i in $(seq 0 $((silos - 1))); do wait_port $((5180 + 2 * i)); done
  cat >"$state/nginx.conf" <<CONF
pid $state/nginx.pid;
error_log $state/nginx-error.log warn;
events {}
http {
  access_log off;
  client_body_temp_path $state/nginx-body;
  upstream silos {
    # New and shed streams go to the silo with the fewest open connections.
    least_conn;
$upstreams  }
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
}
CONF
  nginx -c "$state/nginx.conf"
  wait_port "$balancer"
  echo "local cluster: $silos silos behind http://127.0.0.1:$balancer (gRPC); tokens from http://127.0.0.1:5181/dev/token?user=NAME"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  *) echo "usage: $0 up [SILOS] [BALANCER_PORT] | down" >&2; exit 2 ;;
esac
