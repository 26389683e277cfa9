#!/usr/bin/env bash
# Makes sure the servers the backend test suites need are up on loopback:
# PostgreSQL :5432, MariaDB :3306, Redis :6379. Starts a stopped one; installs a missing one with
# apt-get when running as root. It never fails the run itself: when a server cannot be had, the
# backend suites fail with a message naming the service, the URL tried and the env var to override.
# A service whose URL env var (FLAGS_TEST_PG_URL, FLAGS_TEST_MYSQL_URL, FLAGS_TEST_REDIS_URL) is set
# is the caller's business and is left alone.
set -u

log() { printf '[services] %s\n' "$*"; }
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_up() { for _ in $(seq 1 60); do up "$1" && return 0; sleep 0.5; done; return 1; }
as_root() { [ "$(id -u)" = 0 ]; }
apt_updated=
apt_install() {
  as_root && command -v apt-get >/dev/null || return 1
  [ -n "$apt_updated" ] || { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

start_postgres() {
  command -v pg_ctlcluster >/dev/null || apt_install postgresql || return 1
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || return 1
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  wait_up 5432 || return 1
  # Trust auth on loopback and a `test` database, as the suites expect.
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if as_root && [ -f "$hba" ] && ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null || true
  fi
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='test'\" | grep -q 1 || createdb test" 2>/dev/null || true
}

start_mariadb() {
  [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server || return 1
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql --bind-address=127.0.0.1 2>/dev/null || return 1
  wait_up 3306 || return 1
  mariadb -uroot -e "CREATE DATABASE IF NOT EXISTS test" 2>/dev/null || true
}

start_redis() {
  command -v redis-server >/dev/null || apt_install redis-server || return 1
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || return 1
  wait_up 6379
}

ensure() {
  local name=$1 port=$2 var=$3 starter=$4
  if [ -n "${!var:-}" ]; then log "$name: using \$$var"; return; fi
  if up "$port"; then log "$name: up on 127.0.0.1:$port"; return; fi
  log "$name: not answering on 127.0.0.1:$port, starting it"
  if "$starter" && up "$port"; then log "$name: started on 127.0.0.1:$port"
  else log "$name: could not be started; its suite will fail (set \$$var to point at one)"; fi
}

ensure PostgreSQL 5432 FLAGS_TEST_PG_URL start_postgres
ensure MariaDB 3306 FLAGS_TEST_MYSQL_URL start_mariadb
ensure Redis 6379 FLAGS_TEST_REDIS_URL start_redis
exit 0
