// What the files of charts/galera must agree on: the ports, paths and user of a node's pod. The StatefulSet,
// the Services, galera.cnf and the README take them as data; galera.sh and galera-sst-user.sh spell them as
// their defaults, which test/charts/galera-chart.test.ts holds against these.

/** The mariadb image runs as mysql (uid and gid 999); the data directory is theirs. */
export const RUN_AS_ID = 999;
/** MariaDB clients, State Snapshot Transfer, group communication (TCP and UDP), Incremental State Transfer. */
export const PORTS = { mysql: 3306, sst: 4444, galera: 4567, ist: 4568 } as const;
/** The peer protocol of galera.sh: each node's state, answered by the galera-state container. */
export const STATE_PORT = 4569;
/** The pod-local, memory-backed folder shared by the two containers: state file, SST option file. */
export const RUN_DIR = '/run/galera';
/** The server's data directory: a folder of the volume, not its root, which may hold lost+found. */
export const DATA_DIR = '/var/lib/mysql/data';
/** The server socket, in a folder both containers mount. */
export const SOCKET_DIR = '/run/mysqld';
/** The account mariabackup SST uses on a donor. */
export const SST_USER = 'mariabackup';
