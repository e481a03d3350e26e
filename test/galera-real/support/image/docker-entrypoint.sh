#!/usr/bin/env bash
# Stands in for the official mariadb image's entrypoint in the real-Galera tests: the part of its behaviour
# charts/galera relies on, written for these tests (https://github.com/MariaDB/mariadb-docker, "Initializing
# the database contents" in the image's documentation):
#   - it runs as the container's user (the chart sets runAsUser), so it never switches user itself;
#   - on a data directory without a `mysql` schema it initializes one: mariadb-install-db, then a temporary
#     server without networking and with wsrep_on=OFF, where it sets root's password (root@localhost and
#     root@'%'), creates MARIADB_DATABASE and MARIADB_USER, and sources the *.sh files of
#     /docker-entrypoint-initdb.d with docker_process_sql defined; every node does this on its first start,
#     a joiner's copy is then replaced by the snapshot it receives;
#   - it removes the passwords from its environment and execs the server it was given, so the server is the
#     container's main process and receives its signals.
set -euo pipefail

note() { printf '%s [entrypoint] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

# A setting as the server resolves it from its option files and arguments.
setting() {
	local key=$1
	shift
	"$@" --verbose --help 2>/dev/null | awk -v key="$key" '$1 == key && /^[^ \t]/ { print $2; exit }'
}

DATADIR=$(setting datadir "$@")
SOCKET=$(setting socket "$@")
INITDB_DIR=/docker-entrypoint-initdb.d

docker_process_sql() {
	local pwd=${MARIADB_ROOT_PASSWORD:-}
	if [[ ${1:-} == --dont-use-mysql-root-password ]]; then
		shift
		pwd=
	fi
	MYSQL_PWD=$pwd mariadb --protocol=socket --user=root --socket="$SOCKET" "$@"
}

sql_literal() {
	local escaped=${1//\\/\\\\}
	printf '%s' "${escaped//\'/\\\'}"
}

initialize() {
	note "initializing $DATADIR"
	mariadb-install-db --datadir="$DATADIR" --rpm --auth-root-authentication-method=normal --skip-test-db \
		--skip-log-bin --cross-bootstrap "${@:2}" >/dev/null
	"$@" --skip-networking --socket="$SOCKET" --wsrep_on=OFF --skip-slave-start &
	local pid=$! tries
	for ((tries = 0; tries < 120; tries++)); do
		docker_process_sql --dont-use-mysql-root-password --database=mysql <<<'SELECT 1' >/dev/null 2>&1 && break
		kill -0 "$pid" 2>/dev/null || { note "the temporary server exited"; exit 1; }
		sleep 0.5
	done
	local root_pw
	root_pw=$(sql_literal "${MARIADB_ROOT_PASSWORD:?the chart sets MARIADB_ROOT_PASSWORD from its Secret}")
	{
		echo "SET @@SESSION.SQL_LOG_BIN=0;"
		echo "DELETE FROM mysql.global_priv WHERE user NOT IN ('mysql', 'mariadb.sys', 'root') OR host NOT IN ('localhost');"
		echo "SET PASSWORD FOR 'root'@'localhost' = PASSWORD('$root_pw');"
		echo "CREATE USER 'root'@'%' IDENTIFIED BY '$root_pw';"
		echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
		if [[ -n ${MARIADB_DATABASE:-} ]]; then echo "CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\`;"; fi
		if [[ -n ${MARIADB_USER:-} ]]; then
			echo "CREATE USER '$MARIADB_USER'@'%' IDENTIFIED BY '$(sql_literal "${MARIADB_PASSWORD:-}")';"
			if [[ -n ${MARIADB_DATABASE:-} ]]; then echo "GRANT ALL ON \`$MARIADB_DATABASE\`.* TO '$MARIADB_USER'@'%';"; fi
		fi
	} | docker_process_sql --dont-use-mysql-root-password --database=mysql
	local file
	for file in "$INITDB_DIR"/*; do
		case $file in
		*.sh)
			note "sourcing $file"
			# shellcheck disable=SC1090
			. "$file"
			;;
		esac
	done
	kill "$pid"
	wait "$pid" || true
	note "initialized"
}

if [[ ${1:-} == mariadbd ]]; then
	[[ -d $DATADIR/mysql ]] || initialize "$@"
	unset MARIADB_ROOT_PASSWORD MARIADB_PASSWORD
fi
exec "$@"
