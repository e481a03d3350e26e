// The shell scripts of charts/galera, shipped in the chart's files/ and mounted from a ConfigMap. They are
// bash for the official mariadb image, which has bash, coreutils, flock, socat and the mariadb client and
// nothing else worth relying on: no curl, no nc, no kubectl, no Kubernetes API access (the pods get no token).
// test/charts/galera-chart.test.ts runs them with bash against fake servers, peers and data directories.
import { GENERATED_HEADER } from '../output-file.js';

/** Where the chart mounts the scripts in both containers. */
export const SCRIPTS_DIR = '/opt/galera';
/** The pod-local, memory-backed folder shared by the two containers: state file, SST option file. */
export const RUN_DIR = '/run/galera';
/** The server's data directory: a folder of the volume, not its root, which may hold lost+found. */
export const DATA_DIR = '/var/lib/mysql/data';
/** Where the volume is mounted. */
export const VOLUME_DIR = '/var/lib/mysql';
/** The server socket, in a folder both containers mount. */
export const SOCKET_DIR = '/run/mysqld';
/** The account mariabackup SST uses on a donor. */
export const SST_USER = 'mariabackup';

/**
 * galera.sh: start (bootstrap or join, recovery after a full stop), the peer protocol (serve-state,
 * report, ask), the probes (ready, alive), and the decision alone (decide) for tests.
 */
export const GALERA_SH = `# ${GENERATED_HEADER}: made by mdbkit generate.
# shellcheck shell=bash
#
# How one node of charts/galera starts, and how Kubernetes checks it. It runs in the official mariadb image,
# which has everything it uses: bash, coreutils, sed, grep, flock, socat (for mariabackup SST) and the client.
#
#   start          the mariadb container: find out how this node must start, then exec the image's entrypoint
#                  with mariadbd, adding --wsrep-new-cluster when this node bootstraps the cluster
#   serve-state    the galera-state container: answer peers on GALERA_STATE_PORT, one \`report\` per connection
#   report         this node's answer: "primary" while its server is in a primary component, else what
#                  \`start\` wrote: "fresh", "waiting <uuid> <seqno> <safe_to_bootstrap>" or "starting"
#                  ("unknown" when nothing is known, or the mariadb container is not running)
#   ready          readiness probe: Synced (wsrep_local_state 4) in a primary component
#   alive          liveness probe: false only when a server that was answering stops answering
#   decide ME N    the decision alone, without any server: "<ordinal> <answer>" lines on stdin, one per node;
#                  prints "bootstrap <why>", "join <why>" or "wait <why>"
#   local-state    this node's answer from its data directory (mariadbd --wsrep-recover after a crash)
#   ask HOST       a peer's answer, or "none"
#
# Why a peer protocol: after a full stop, only the node with the highest seqno may bootstrap
# (https://galeracluster.com/library/documentation/crash-recovery.html), and no node can see the others'
# data directories. Each pod tells its peers what it holds over the headless Service, so all of them
# reach the same decision from the same answers, without access to the Kubernetes API.
set -uo pipefail

RUN_DIR=\${GALERA_RUN_DIR:-/run/galera}
DATADIR=\${GALERA_DATADIR:-/var/lib/mysql/data}
SOCKET=\${GALERA_SOCKET:-/run/mysqld/mysqld.sock}
STATE_PORT=\${GALERA_STATE_PORT:-4569}
POLL_SECONDS=\${GALERA_POLL_SECONDS:-5}
ASK_TIMEOUT=\${GALERA_ASK_TIMEOUT:-3}
ENTRYPOINT=\${GALERA_ENTRYPOINT:-docker-entrypoint.sh}
SST_USER=mariabackup
ZERO_UUID=00000000-0000-0000-0000-000000000000
SELF=\${BASH_SOURCE[0]}
START_POSITION=
SQL_TIMEOUT=10

log() {
	printf '%s [galera] %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2
}

# What a peer may answer; anything else (a stray listener, a half-written file) counts as no answer.
valid_answer() {
	[[ $1 =~ ^(primary|fresh|starting|unknown)$ || $1 =~ ^waiting\\ [0-9a-f-]{36}\\ -?[0-9]+\\ [01]$ ]]
}

# Replaces the state file at once, so that \`report\` never reads half of it.
write_state() {
	printf '%s\\n' "$1" >"$RUN_DIR/state.tmp" && mv -f "$RUN_DIR/state.tmp" "$RUN_DIR/state"
}

# The mariadb container holds this lock from \`start\` on, through exec into mariadbd, for as long as it runs:
# the galera-state container (same pod, same memory volume) tests it to tell a starting server from a
# container that crashed after writing "starting" and waits to be restarted.
RUNNING_LOCK=$RUN_DIR/running.lock

main_running() {
	[[ -e $RUNNING_LOCK ]] && ! flock --nonblock --exclusive "$RUNNING_LOCK" true 2>/dev/null
}

read_state() {
	local state=
	[[ -r $RUN_DIR/state ]] && IFS= read -r state <"$RUN_DIR/state"
	printf '%s\\n' "$state"
}

# A query on the local server as root. The password travels in the environment (MYSQL_PWD, which the
# client reads), never on a command line that \`ps\` or the pod spec would show.
sql() {
	MYSQL_PWD=\${MARIADB_ROOT_PASSWORD:-} timeout "$SQL_TIMEOUT" mariadb --protocol=socket --socket="$SOCKET" --user=root \\
		--batch --skip-column-names --connect-timeout=5 --execute="$1"
}

# The decision. Rules, in order:
#  1. a peer is in a primary component: join it (Galera sends this node what it lacks, by IST or SST);
#  2. a peer is starting its server: wait until it is primary (it may be bootstrapping), unless forced;
#  3. this node has no data: node 0 bootstraps a new cluster once every node has answered "fresh"; other
#     nodes wait for a primary component; no node without data bootstraps while a peer has data;
#  4. nodes with data report different cluster UUIDs: nobody decides automatically;
#  5. recovery.forceBootstrap names this node: bootstrap (it may lack transactions only others had);
#  6. a node has safe_to_bootstrap: 1 (Galera sets it on the last node to leave the cluster cleanly):
#     that node bootstraps, without waiting for the others (the highest seqno if several);
#  7. otherwise (a crash: nobody is safe to bootstrap) every node must report its seqno; the highest
#     bootstraps, the lowest ordinal on a tie. One node missing means waiting: it may hold the last commits.
decide() {
	local me=\${1:?decide ME N} n=\${2:?decide ME N}
	local force=\${GALERA_FORCE_BOOTSTRAP:-false} force_from=\${GALERA_FORCE_BOOTSTRAP_FROM:-0}
	local -a kind=() uuid=() seqno=() safe=()
	local ord a b c d j
	while read -r ord a b c d; do
		[[ $ord =~ ^[0-9]+$ ]] && ((ord < n)) || continue
		if valid_answer "$a\${b:+ $b}\${c:+ $c}\${d:+ $d}"; then
			kind[ord]=$a uuid[ord]=\${b:-} seqno[ord]=\${c:--1} safe[ord]=\${d:-0}
		else
			kind[ord]=none
		fi
	done
	for ((j = 0; j < n; j++)); do
		[[ \${kind[j]:-unknown} != unknown ]] || kind[j]=none
	done
	((me < n)) || { echo "wait this pod's ordinal $me is not below the $n replicas"; return; }
	local forced=false
	[[ $force == true && $force_from == "$me" ]] && forced=true

	for ((j = 0; j < n; j++)); do
		if ((j != me)) && [[ \${kind[j]} == primary ]]; then
			echo "join node $j is in a primary component"
			return
		fi
	done
	for ((j = 0; j < n; j++)); do
		if ((j != me)) && [[ \${kind[j]} == starting && $forced != true ]]; then
			echo "wait node $j is starting its server; this node joins once it is primary"
			return
		fi
	done

	local answered=0 with_data=() first_uuid= uuids_differ=false
	for ((j = 0; j < n; j++)); do
		case \${kind[j]} in
		fresh) answered=$((answered + 1)) ;;
		waiting)
			answered=$((answered + 1))
			with_data+=("$j")
			if [[ -z $first_uuid ]]; then
				first_uuid=\${uuid[j]}
			elif [[ \${uuid[j]} != "$first_uuid" ]]; then
				uuids_differ=true
			fi
			;;
		esac
	done

	if [[ \${kind[me]} != waiting ]]; then
		if ((\${#with_data[@]} > 0)); then
			echo "wait this node has no data and node(s) \${with_data[*]} have: one of them bootstraps, then this node joins"
		elif ((me == 0 && answered == n)); then
			echo "bootstrap a new cluster: all $n nodes are empty, and node 0 bootstraps"
		elif [[ $forced == true ]]; then
			echo "bootstrap forced by recovery.forceBootstrap: a new cluster, though only $answered of $n nodes answered"
		elif ((me == 0)); then
			echo "wait a new cluster: $answered of $n nodes answered that they are empty; node 0 bootstraps once all have"
		else
			echo "wait a new node joins once a peer is primary; node 0 bootstraps a new cluster"
		fi
		return
	fi

	if [[ $uuids_differ == true && $forced != true ]]; then
		local list=
		for j in "\${with_data[@]}"; do list+=" $j:\${uuid[j]}"; done
		echo "wait nodes hold different clusters (\${list# }): choose one with recovery.forceBootstrap and recovery.forceBootstrapFrom"
		return
	fi
	if [[ $forced == true ]]; then
		echo "bootstrap forced by recovery.forceBootstrap: transactions that only other nodes had are lost when they join"
		return
	fi
	if [[ $force == true ]]; then
		echo "wait recovery.forceBootstrap names node $force_from"
		return
	fi

	local best=-1
	for j in "\${with_data[@]}"; do
		[[ \${safe[j]} == 1 ]] || continue
		if ((best < 0 || seqno[j] > seqno[best])); then best=$j; fi
	done
	if ((best >= 0)); then
		if ((best == me)); then
			echo "bootstrap safe_to_bootstrap: 1: this node left the cluster last (seqno \${seqno[me]})"
		else
			echo "wait node $best has safe_to_bootstrap: 1 and bootstraps; this node joins it"
		fi
		return
	fi

	if ((answered < n)); then
		echo "wait no node is safe to bootstrap (a crash): all $n nodes must report their seqno, $answered have"
		return
	fi
	best=\${with_data[0]}
	for j in "\${with_data[@]}"; do
		if ((seqno[j] > seqno[best])); then best=$j; fi
	done
	if ((seqno[best] < 0)); then
		echo "wait no node could recover its seqno (mariadbd --wsrep-recover): choose one with recovery.forceBootstrap"
	elif ((best == me)); then
		echo "bootstrap this node has the highest seqno (\${seqno[me]}) of all $n nodes"
	else
		echo "wait node $best has the highest seqno (\${seqno[best]}); this node has \${seqno[me]} and joins it"
	fi
}

# The last committed position InnoDB holds, as uuid:seqno, when grastate.dat does not say (after a crash).
recover_position() {
	local out=$RUN_DIR/wsrep-recover.log position
	rm -f "$out"
	log "grastate.dat has no seqno (the server did not stop cleanly): mariadbd --wsrep-recover"
	mariadbd --datadir="$DATADIR" --wsrep-recover --log-error="$out" >/dev/null 2>&1
	position=$(sed -n 's/.*Recovered position: *\\([0-9a-f-]\\{36\\}:-\\{0,1\\}[0-9][0-9]*\\).*/\\1/p' "$out" 2>/dev/null | tail -n 1)
	if [[ -z $position ]]; then
		log "mariadbd --wsrep-recover found no position; its log:"
		cat "$out" >&2 2>/dev/null
		return 1
	fi
	printf '%s\\n' "$position"
}

# "fresh" (no cluster history) or "waiting <uuid> <seqno> <safe_to_bootstrap>". Sets START_POSITION when the
# seqno had to be recovered, so that the server starts from it (what galera_recovery does under systemd).
local_state() {
	local file=$DATADIR/grastate.dat id seq ok position
	if [[ ! -s $file ]]; then
		echo fresh
		return
	fi
	id=$(sed -n 's/^uuid:[[:space:]]*//p' "$file" | head -n 1)
	seq=$(sed -n 's/^seqno:[[:space:]]*//p' "$file" | head -n 1)
	ok=$(sed -n 's/^safe_to_bootstrap:[[:space:]]*//p' "$file" | head -n 1)
	if [[ ! $id =~ ^[0-9a-f-]{36}$ || $id == "$ZERO_UUID" ]]; then
		echo fresh
		return
	fi
	[[ $seq =~ ^-?[0-9]+$ ]] || seq=-1
	[[ $ok == 1 ]] || ok=0
	if ((seq < 0)) && position=$(recover_position); then
		if [[ \${position%%:*} == "$id" ]]; then
			seq=\${position##*:}
			START_POSITION=$position
		else
			log "recovered position $position belongs to another cluster than grastate.dat ($id): ignored"
		fi
	fi
	echo "waiting $id $seq $ok"
}

ask() {
	local answer
	answer=$(timeout "$ASK_TIMEOUT" bash -c 'exec 3<>"/dev/tcp/$0/$1" && IFS= read -r line <&3 && printf "%s\\n" "$line"' \\
		"$1" "$STATE_PORT" 2>/dev/null) || answer=none
	valid_answer "$answer" || answer=none
	printf '%s\\n' "$answer"
}

report() {
	local status
	SQL_TIMEOUT=2 # the asking peer waits GALERA_ASK_TIMEOUT seconds only
	if [[ -S $SOCKET ]] && status=$(sql "SHOW GLOBAL STATUS LIKE 'wsrep_cluster_status'" 2>/dev/null) && [[ \${status##*$'\\t'} == Primary ]]; then
		echo primary
		return
	fi
	local state
	state=$(read_state)
	# What the data directory holds stays true while the container is down; "starting" does not.
	if [[ $state == starting ]] && ! main_running; then state=unknown; fi
	if valid_answer "$state"; then printf '%s\\n' "$state"; else echo unknown; fi
}

serve_state() {
	command -v socat >/dev/null || {
		log "socat is not in this image; the official mariadb image has it"
		exit 1
	}
	log "answering peers on port $STATE_PORT"
	exec socat -T "$ASK_TIMEOUT" "TCP-LISTEN:$STATE_PORT,reuseaddr,fork" "EXEC:bash $SELF report"
}

# Not Synced means no traffic: a joiner has no data yet, and a donor may be locked (rsync) or slowed by
# the snapshot it sends; the Service routes clients to Synced nodes only.
ready() {
	local out name value state= cluster= wsrep_ready=
	if ! out=$(sql "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state', 'wsrep_cluster_status', 'wsrep_ready')" 2>&1); then
		echo "not ready: the server does not answer: $out" >&2
		return 1
	fi
	while IFS=$'\\t' read -r name value; do
		case \${name,,} in
		wsrep_local_state) state=$value ;;
		wsrep_cluster_status) cluster=$value ;;
		wsrep_ready) wsrep_ready=$value ;;
		esac
	done <<<"$out"
	if [[ $state == 4 && $cluster == Primary && $wsrep_ready == ON ]]; then
		return 0
	fi
	echo "not ready: wsrep_local_state=\${state:-?} (4 is Synced), wsrep_cluster_status=\${cluster:-?}, wsrep_ready=\${wsrep_ready:-?}" >&2
	return 1
}

# A joiner receiving a snapshot (SST) may take hours and does not accept connections meanwhile: killing it
# would restart the transfer forever. The server opens its socket only once it is ready for clients, after
# SST, IST and InnoDB recovery; so before the socket exists the node is busy, not hung, and only a server
# that has opened its socket and then stops answering is restarted (after the probe's failureThreshold).
alive() {
	[[ $(read_state) == starting ]] || return 0 # still deciding who bootstraps: no server to check yet
	[[ -S $SOCKET ]] || return 0
	# mariadb-admin ping succeeds whenever the server answers, even with "access denied".
	if MYSQL_PWD=\${MARIADB_ROOT_PASSWORD:-} timeout 10 mariadb-admin --protocol=socket --socket="$SOCKET" --user=root \\
		--connect-timeout=5 ping >/dev/null 2>&1; then
		return 0
	fi
	echo "the server opened $SOCKET but does not answer" >&2
	return 1
}

# The mariabackup SST account's password reaches the server in an option file on a memory-backed volume
# (galera.cnf includes it); it never appears in the ConfigMap, the pod spec or a command line.
write_sst_auth() {
	local file=$RUN_DIR/sst-auth.cnf password=\${MARIADB_SST_PASSWORD:-}
	if [[ $password == *$'\\n'* ]]; then
		log "the SST password contains a newline, which an option file cannot hold"
		exit 1
	fi
	(
		umask 077
		if [[ -n $password ]]; then
			password=\${password//\\\\/\\\\\\\\}
			password=\${password//\\"/\\\\\\"}
			printf '[mariadb]\\nwsrep_sst_auth = "%s:%s"\\n' "$SST_USER" "$password"
		else
			printf '# wsrep_sst_method needs no account.\\n'
		fi >"$file"
	)
}

mark_safe_to_bootstrap() {
	local file=$DATADIR/grastate.dat
	[[ -s $file ]] || return 0
	if grep -q '^safe_to_bootstrap:' "$file"; then
		sed -i 's/^safe_to_bootstrap:.*/safe_to_bootstrap: 1/' "$file"
	else
		echo 'safe_to_bootstrap: 1' >>"$file"
	fi
}

launch() {
	local args=(mariadbd "$@")
	[[ \${1:-} != --wsrep-new-cluster ]] || mark_safe_to_bootstrap
	[[ -z $START_POSITION ]] || args+=("--wsrep_start_position=$START_POSITION")
	write_state starting
	log "exec $ENTRYPOINT \${args[*]}"
	exec "$ENTRYPOINT" "\${args[@]}"
}

start() {
	local sleeper=
	trap 'log "stopped while waiting"; [[ -z $sleeper ]] || kill "$sleeper" 2>/dev/null; exit 0' TERM INT
	local -a peers
	read -r -a peers <<<"\${GALERA_PEERS:?GALERA_PEERS lists the addresses of the nodes by ordinal}"
	local n=\${#peers[@]} name=\${POD_NAME:?POD_NAME is the name of this pod}
	local me=\${name##*-}
	if [[ ! $me =~ ^[0-9]+$ ]] || ((me >= n)); then
		log "pod $name is not one of the $n nodes in GALERA_PEERS"
		exit 1
	fi
	mkdir -p "$RUN_DIR"
	exec 9>>"$RUNNING_LOCK"
	flock --exclusive 9 # the previous container of this pod is gone, so this never waits long
	# A socket left by this pod's previous container would make \`alive\` check a server that is not there yet.
	rm -f "$SOCKET" "$SOCKET.lock"
	write_sst_auth
	write_state starting # not yet known: peers wait rather than count this node
	local own
	local_state >"$RUN_DIR/own-state" || exit 1
	own=$(<"$RUN_DIR/own-state")
	write_state "$own"
	log "node $me of $n (\${peers[me]}): $own"
	local decision last= j
	while :; do
		decision=$(
			for ((j = 0; j < n; j++)); do
				if ((j == me)); then echo "$j $own"; else echo "$j $(ask "\${peers[j]}")"; fi
			done | decide "$me" "$n"
		)
		if [[ $decision != "$last" ]]; then
			log "$decision"
			last=$decision
		fi
		case \${decision%% *} in
		bootstrap) launch --wsrep-new-cluster ;;
		join) launch ;;
		esac
		sleep "$POLL_SECONDS" &
		sleeper=$!
		wait "$sleeper"
		sleeper=
	done
}

case \${1:-} in
start) start ;;
serve-state) serve_state ;;
report) report ;;
ready) ready ;;
alive) alive ;;
decide) decide "\${2:-}" "\${3:-}" ;;
local-state) local_state ;;
ask) ask "\${2:?ask HOST}" ;;
*)
	echo "usage: galera.sh start|serve-state|report|ready|alive|decide ME N|local-state|ask HOST" >&2
	exit 2
	;;
esac
`;

/** The initdb snippet that creates the mariabackup SST account on a new data directory. */
export const SST_USER_SH = `# ${GENERATED_HEADER}: made by mdbkit generate.
# shellcheck shell=bash
#
# Sourced (not run: the file is not executable) by the mariadb image's entrypoint from
# /docker-entrypoint-initdb.d when it initializes an empty data directory, after root and the
# application user exist. It creates the account wsrep_sst_method=mariabackup uses on a donor
# (https://mariadb.com/kb/en/mariabackup-sst-method/#authentication-and-privileges). Every node runs it on
# its first start, but only the bootstrapping node's copy matters: the others receive its data by SST.
# The password comes from the Secret through the environment and reaches the server on standard input.
if [[ -n \${MARIADB_SST_PASSWORD:-} ]]; then
	galera_sst_password=\${MARIADB_SST_PASSWORD//\\\\/\\\\\\\\}
	galera_sst_password=\${galera_sst_password//\\'/\\\\\\'}
	echo "galera: creating the SST account mariabackup@localhost"
	docker_process_sql --binary-mode <<-EOSQL
		CREATE USER IF NOT EXISTS 'mariabackup'@'localhost' IDENTIFIED BY '\${galera_sst_password}';
		GRANT RELOAD, PROCESS, LOCK TABLES, REPLICATION CLIENT ON *.* TO 'mariabackup'@'localhost';
	EOSQL
	unset galera_sst_password
fi
`;
