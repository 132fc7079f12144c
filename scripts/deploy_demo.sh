#!/usr/bin/env bash
# docs/deploy.md, tried on one machine: a PostgreSQL primary and a streaming replica on two ports,
# two counter-server instances (2 workers each) behind nginx with TLS, a pg_dump backup restored,
# WAL archived, then the primary stopped and the replica promoted while the servers keep their URL.
#
#   scripts/deploy_demo.sh [FOLDER]      (default /tmp/counter-deploy; run from the repository, after ./dev.sh setup)
#
# Everything listens on 127.0.0.1 only and is stopped at the end. Needs PostgreSQL's server
# binaries and nginx (apt-get install postgresql nginx-light).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
D=${1:-/tmp/counter-deploy}
P1=${P1:-55432} P2=${P2:-55433} S1=${S1:-18081} S2=${S2:-18082} TLS=${TLS:-18443}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
SERVER="$REPO/.venv/bin/counter-server"
step() { printf '\n== %s\n' "$*"; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_at() { local port=$1; shift; as_pg "$BIN/psql" -X -A -t -h "$D" -p "$port" -U postgres "$@"; }

cleanup() {
  [ -f "$D/nginx/nginx.pid" ] && kill "$(cat "$D/nginx/nginx.pid")" 2>/dev/null || true
  for pid in ${SERVER_PIDS:-}; do kill -INT "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  as_pg "$BIN/pg_ctl" -D "$D/replica" -m fast stop >/dev/null 2>&1 || true
  as_pg "$BIN/pg_ctl" -D "$D/primary" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

rm -rf "$D" && mkdir -p "$D"/{wal-archive,backup,nginx,secrets} && chmod 700 "$D/secrets"
[ "$(id -u)" -eq 0 ] && chown postgres "$D" "$D/wal-archive" "$D/backup"

step "1. primary on port $P1 (WAL for a replica, archiving on)"
as_pg "$BIN/initdb" -D "$D/primary" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 \
  --no-locale >/dev/null
cat >> "$D/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $P1
unix_socket_directories = '$D'
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
archive_mode = on
archive_command = 'test ! -f $D/wal-archive/%f && cp %p $D/wal-archive/%f'
EOF
as_pg "$BIN/pg_ctl" -D "$D/primary" -l "$D/primary.log" -w start >/dev/null
REPL_PW=$(openssl rand -hex 16) APP_PW=$(openssl rand -hex 16)
psql_at "$P1" -q -c "CREATE ROLE replicator REPLICATION LOGIN PASSWORD '$REPL_PW'" \
  -c "CREATE ROLE counter LOGIN PASSWORD '$APP_PW'" -c "CREATE DATABASE counter OWNER counter"
# Passwords live in pgpass files (0600), never in a URL or on a command line.
echo "127.0.0.1:*:replication:replicator:$REPL_PW" > "$D/pgpass.replica"
echo "127.0.0.1:*:*:counter:$APP_PW" > "$D/secrets/pgpass"
chmod 600 "$D/pgpass.replica" "$D/secrets/pgpass"
[ "$(id -u)" -eq 0 ] && chown postgres "$D/pgpass.replica"

step "2. streaming replica on port $P2 (pg_basebackup -R, a replication slot)"
as_pg env PGPASSFILE="$D/pgpass.replica" "$BIN/pg_basebackup" -h 127.0.0.1 -p "$P1" -U replicator \
  -D "$D/replica" -R -X stream -C -S replica1
echo "port = $P2" >> "$D/replica/postgresql.conf"
as_pg "$BIN/pg_ctl" -D "$D/replica" -l "$D/replica.log" -w start >/dev/null
psql_at "$P1" -c "SELECT application_name, state, sync_state FROM pg_stat_replication"

step "3. counter-server: migrate, seed, a counter (both hosts in the URL: libpq finds the writable one)"
export PGPASSFILE="$D/secrets/pgpass"
export COUNTER_SERVER_DATABASE="postgresql://counter@127.0.0.1:$P1,127.0.0.1:$P2/counter?target_session_attrs=read-write&connect_timeout=3"
"$SERVER" migrate
"$SERVER" seed --consumers 100000
(umask 077 && "$SERVER" counter add --counter-id DEMO-01 --json > "$D/secrets/DEMO-01.json")
TOKEN=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['token'])" "$D/secrets/DEMO-01.json")
sleep 1
echo "replica: in recovery = $(psql_at "$P2" -d counter -c 'SELECT pg_is_in_recovery()'), consumers = $(psql_at "$P2" -d counter -c 'SELECT count(*) FROM consumers')"
psql_at "$P1" -c "SELECT application_name, state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS replay_lag_bytes FROM pg_stat_replication"

step "4. two server instances, 2 workers each, behind nginx with TLS on $TLS"
# One server key for every instance (counters pin it), one admin token file; both owner-only.
export COUNTER_SERVER_KEY_FILE="$D/secrets/server-key.pem"
(umask 077 && openssl rand -hex 32 > "$D/secrets/admin-token")
declare -A PID_OF
start_instance() {
  local port=$1
  "$SERVER" run --host 127.0.0.1 --port "$port" --workers 2 --admin-token-file "$D/secrets/admin-token" \
    > "$D/server-$port.out" 2>> "$D/server-$port.log" &
  PID_OF[$port]=$!
  for _ in $(seq 150); do grep -q listening "$D/server-$port.out" 2>/dev/null && break; sleep 0.2; done
  cat "$D/server-$port.out"
}
start_instance "$S1"
start_instance "$S2"
SERVER_PIDS="${PID_OF[$S1]} ${PID_OF[$S2]}"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$D/nginx/key.pem" -out "$D/nginx/cert.pem" 2>/dev/null
sed -e "s#@D@#$D#g" -e "s#@S1@#$S1#g" -e "s#@S2@#$S2#g" -e "s#@TLS@#$TLS#g" docs/deploy/nginx-counter.conf \
  > "$D/nginx/nginx.conf"
nginx -p "$D/nginx" -c "$D/nginx/nginx.conf"
CURL=(curl -sS --cacert "$D/nginx/cert.pem")
"${CURL[@]}" "https://127.0.0.1:$TLS/api/v1/ready"; echo
"${CURL[@]}" -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$TLS/api/v1/counters/me"; echo
for _ in 1 2 3 4; do "${CURL[@]}" -o /dev/null -w '%{http_code} ' -H "Authorization: Bearer $TOKEN" \
  "https://127.0.0.1:$TLS/api/v1/consumers?limit=100"; done; echo
echo "upstreams that answered: $(awk '{print $NF}' "$D/nginx/access.log" | sort | uniq -c | tr '\n' ' ')"
"${CURL[@]}" -o /dev/null -w 'metrics from outside the allow list: %{http_code}\n' "https://127.0.0.1:$TLS/metrics" || true
curl -sS "http://127.0.0.1:$S1/metrics" | grep -E '^counter_(request_seconds_count|db_pool_in_use)' | head -4

step "5. backups: pg_dump restored into a scratch database; WAL archived"
PGPASSFILE="$D/secrets/pgpass" "$BIN/pg_dump" -h 127.0.0.1 -p "$P1" -U counter -Fc -f "$D/backup/counter.dump" counter
psql_at "$P1" -q -c "CREATE DATABASE counter_restore_check OWNER counter"
PGPASSFILE="$D/secrets/pgpass" "$BIN/pg_restore" -h 127.0.0.1 -p "$P1" -U counter -d counter_restore_check \
  "$D/backup/counter.dump"
echo "restored: consumers = $(psql_at "$P1" -d counter_restore_check -c 'SELECT count(*) FROM consumers'), schema version = $(psql_at "$P1" -d counter_restore_check -c 'SELECT max(version) FROM schema_migrations')"
psql_at "$P1" -q -c "SELECT pg_switch_wal()" >/dev/null; sleep 1
echo "WAL segments archived: $(ls "$D/wal-archive" | wc -l)"

step "6. failover: stop the primary, promote the replica; the servers keep their URL"
as_pg "$BIN/pg_ctl" -D "$D/primary" -m fast stop >/dev/null
"${CURL[@]}" -s -o /dev/null -w 'ready while no primary: %{http_code}, Retry-After: %header{retry-after}\n' \
  "https://127.0.0.1:$TLS/api/v1/ready"
as_pg "$BIN/pg_ctl" -D "$D/replica" -w promote >/dev/null
for i in $(seq 60); do
  code=$("${CURL[@]}" -s -o /dev/null -w '%{http_code}' "https://127.0.0.1:$TLS/api/v1/ready")
  [ "$code" = 200 ] && break; sleep 0.5
done
echo "ready after promotion: $code (after about $((i / 2)) s)"
"$SERVER" counter add --counter-id DEMO-02 --json | python3 -c "import json,sys; print('written on the new primary:', json.load(sys.stdin)['counter_id'])"
echo "new primary in recovery: $(psql_at "$P2" -d counter -c 'SELECT pg_is_in_recovery()')"
echo "request log lines (JSON) of one instance: $(wc -l < "$D/server-$S1.log"); a 503 line:"
grep -h -m1 '"status":503' "$D/server-$S1.log" "$D/server-$S2.log" | head -1 || true

step "7. rotating the admin token: new file, then restart one instance at a time (nginx uses the other)"
OLD=$(cat "$D/secrets/admin-token")
(umask 077 && openssl rand -hex 32 > "$D/secrets/admin-token.new") && mv "$D/secrets/admin-token.new" "$D/secrets/admin-token"
NEW=$(cat "$D/secrets/admin-token")
for port in $S1 $S2; do
  kill -INT "${PID_OF[$port]}"; wait "${PID_OF[$port]}" 2>/dev/null || true
  start_instance "$port"
  echo "  meanwhile through nginx: $("${CURL[@]}" -s -o /dev/null -w '%{http_code}' "https://127.0.0.1:$TLS/api/v1/ready")"
done
SERVER_PIDS="${PID_OF[$S1]} ${PID_OF[$S2]}"
for name in OLD NEW; do
  token=${!name}
  echo "$name admin token: $("${CURL[@]}" -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    "https://127.0.0.1:$TLS/api/v1/admin/faults")"
done
