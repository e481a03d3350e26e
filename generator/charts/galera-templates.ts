// The Go templates of charts/galera. They are plain text: nothing here depends on mdbkit's kind schemas.
// What a seed manifest got wrong is answered here: apps/v1 (not apps/v1beta1), passwords through
// secretKeyRef only (not env values), peers found through a headless Service (not etcd), a readiness
// probe that admits Synced nodes only, a liveness probe that spares a node receiving a snapshot.
// Helm's `lint --strict` renders with missingkey=error, so every value read here exists in values.yaml.
import { GENERATED_HEADER } from '../output-file.js';
import { DATA_DIR, RUN_DIR, SCRIPTS_DIR, SOCKET_DIR, VOLUME_DIR } from './galera-scripts.js';
import { GALERA_FULLNAME_MAX } from './galera-values.js';

const HEADER = `{{- /* ${GENERATED_HEADER}: made by mdbkit generate. */ -}}`;

/** The mariadb image runs as mysql (uid and gid 999); the data directory is theirs. */
export const RUN_AS_ID = 999;
/** MariaDB clients, State Snapshot Transfer, group communication (TCP and UDP), Incremental State Transfer. */
export const PORTS = { mysql: 3306, sst: 4444, galera: 4567, ist: 4568 } as const;
/** The peer protocol of galera.sh: each node's state, answered by the galera-state container. */
export const STATE_PORT = 4569;
/** The files of the scripts ConfigMap. */
export const GALERA_SCRIPT = 'galera.sh';
export const SST_USER_SCRIPT = 'galera-sst-user.sh';

export const HELPERS_TPL = `${HEADER}

{{/* The chart's name: the app.kubernetes.io/name label. */}}
{{- define "galera.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Name of every object. At most ${GALERA_FULLNAME_MAX} characters: pods are <fullname>-<ordinal> and carry a
<fullname>-<hash> revision label, the peers' Service is <fullname>-headless; all must stay DNS labels.
*/}}
{{- define "galera.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc ${GALERA_FULLNAME_MAX} | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc ${GALERA_FULLNAME_MAX} | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc ${GALERA_FULLNAME_MAX} | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "galera.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "galera.selectorLabels" -}}
app.kubernetes.io/name: {{ include "galera.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
The recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/).
Call with (dict "context" $ "component" "database").
*/}}
{{- define "galera.labels" -}}
helm.sh/chart: {{ include "galera.chart" .context }}
{{ include "galera.selectorLabels" .context }}
app.kubernetes.io/version: {{ .context.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: {{ include "galera.fullname" .context }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
{{- end -}}

{{- define "galera.headlessName" -}}
{{- printf "%s-headless" (include "galera.fullname" .) -}}
{{- end -}}

{{- define "galera.secretName" -}}
{{- .Values.auth.existingSecret | default (include "galera.fullname" .) -}}
{{- end -}}

{{- define "galera.clusterName" -}}
{{- .Values.galera.clusterName | default (include "galera.fullname" .) -}}
{{- end -}}

{{- define "galera.image" -}}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag -}}
{{- end -}}

{{/*
Every node's stable address, by ordinal, separated by spaces: <fullname>-<i>.<fullname>-headless.<namespace>.svc.<domain>.
The headless Service publishes them before the pods are ready, which bootstrap and joining need.
*/}}
{{- define "galera.peers" -}}
{{- $fullname := include "galera.fullname" . -}}
{{- $domain := printf "%s.%s.svc.%s" (include "galera.headlessName" .) .Release.Namespace .Values.clusterDomain -}}
{{- $peers := list -}}
{{- range $i := until (int .Values.replicaCount) -}}
{{- $peers = append $peers (printf "%s-%d.%s" $fullname $i $domain) -}}
{{- end -}}
{{- join " " $peers -}}
{{- end -}}

{{/* What JSON Schema cannot compare: two values. */}}
{{- define "galera.validate" -}}
{{- if ge (int .Values.recovery.forceBootstrapFrom) (int .Values.replicaCount) -}}
{{- fail (printf "recovery.forceBootstrapFrom: %d is not a pod of this cluster (replicaCount %d: ordinals 0 to %d)" (int .Values.recovery.forceBootstrapFrom) (int .Values.replicaCount) (sub (int .Values.replicaCount) 1)) -}}
{{- end -}}
{{- end -}}

{{/* A container's environment entry read from the credentials Secret; call with (dict "context" $ "name" "X" "key" "k"). */}}
{{- define "galera.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "galera.secretName" .context }}
      key: {{ .key }}
{{- end -}}

{{- define "galera.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: {{ .Values.readOnlyRootFilesystem }}
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
`;

/**
 * The chart's Secret, unless auth.existingSecret names one. Passwords are generated once: on upgrade they
 * are read back (lookup), so they always match what the data directories hold. helm template and
 * --dry-run cannot read the cluster and show fresh ones.
 */
export const SECRET_YAML = `${HEADER}
{{- if not .Values.auth.existingSecret }}
{{- $name := include "galera.secretName" . }}
{{- $existing := lookup "v1" "Secret" .Release.Namespace $name }}
{{- $data := dig "data" (dict) $existing }}
apiVersion: v1
kind: Secret
type: Opaque
metadata:
  name: {{ $name }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "galera.labels" (dict "context" . "component" "database") | nindent 4 }}
  annotations:
    # The volumes outlive the release (a StatefulSet keeps its claims) and hold these passwords: so does the
    # Secret, and a new install of the same release finds and adopts it.
    helm.sh/resource-policy: keep
data:
  {{ .Values.auth.rootPasswordKey }}: {{ get $data .Values.auth.rootPasswordKey | default (randAlphaNum 32 | b64enc) }}
  {{- if .Values.auth.username }}
  {{ .Values.auth.passwordKey }}: {{ get $data .Values.auth.passwordKey | default (randAlphaNum 32 | b64enc) }}
  {{- end }}
  {{- if eq .Values.galera.sstMethod "mariabackup" }}
  {{ .Values.auth.sstPasswordKey }}: {{ get $data .Values.auth.sstPasswordKey | default (randAlphaNum 32 | b64enc) }}
  {{- end }}
{{- end }}
`;

/**
 * galera.cnf: what every node needs to be a Galera node (https://mariadb.com/kb/en/configuring-mariadb-galera-cluster/).
 * The SST account's password is not here: galera.sh writes it from the Secret to a memory volume, included last.
 */
export const CONFIG_YAML = `${HEADER}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "galera.fullname" . }}-config
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "galera.labels" (dict "context" . "component" "database") | nindent 4 }}
data:
  galera.cnf: |
    # ${GENERATED_HEADER}: made by mdbkit generate.
    [mariadb]
    # A folder of the volume: its root may hold lost+found, which the server and mariabackup cannot read.
    datadir = ${DATA_DIR}
    # Peers and clients reach the pod's address, not only localhost.
    bind-address = 0.0.0.0
    # Galera replicates row events, InnoDB tables only, and needs interleaved auto-increment locks.
    binlog_format = ROW
    default_storage_engine = InnoDB
    innodb_autoinc_lock_mode = 2
    wsrep_on = ON
    # Where the official image installs Galera 4.
    wsrep_provider = /usr/lib/galera/libgalera_smm.so
    wsrep_cluster_name = {{ include "galera.clusterName" . | quote }}
    # Every node, by its stable name behind the headless Service; a node skips its own address.
    wsrep_cluster_address = gcomm://{{ include "galera.peers" . | replace " " "," }}
    wsrep_sst_method = {{ .Values.galera.sstMethod }}
    wsrep_provider_options = "gcache.size={{ .Values.galera.gcacheSize }}"
    {{- with .Values.galera.config }}
    # galera.config
    {{- . | trim | nindent 4 }}
    {{- end }}
    # Written at start from the Secret (wsrep_sst_auth for mariabackup); last, so that it reads as [mariadb].
    !include ${RUN_DIR}/sst-auth.cnf
`;

export const SCRIPTS_YAML = `${HEADER}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "galera.fullname" . }}-scripts
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "galera.labels" (dict "context" . "component" "database") | nindent 4 }}
data:
  ${GALERA_SCRIPT}: |
    {{- .Files.Get "files/${GALERA_SCRIPT}" | nindent 4 }}
  ${SST_USER_SCRIPT}: |
    {{- .Files.Get "files/${SST_USER_SCRIPT}" | nindent 4 }}
`;

export const HEADLESS_SERVICE_YAML = `${HEADER}
# The peers' Service: a stable DNS name per pod for wsrep_cluster_address and for the peer protocol.
apiVersion: v1
kind: Service
metadata:
  name: {{ include "galera.headlessName" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "galera.labels" (dict "context" . "component" "database") | nindent 4 }}
spec:
  clusterIP: None
  # Nodes must find each other before they are ready: a joiner is not ready until it has synced from a peer.
  publishNotReadyAddresses: true
  selector:
    {{- include "galera.selectorLabels" . | nindent 4 }}
  ports:
    - name: mysql
      port: ${PORTS.mysql}
      targetPort: mysql
      protocol: TCP
    - name: sst
      port: ${PORTS.sst}
      targetPort: sst
      protocol: TCP
    - name: galera
      port: ${PORTS.galera}
      targetPort: galera
      protocol: TCP
    - name: galera-udp
      port: ${PORTS.galera}
      targetPort: galera-udp
      protocol: UDP
    - name: ist
      port: ${PORTS.ist}
      targetPort: ist
      protocol: TCP
    - name: galera-state
      port: ${STATE_PORT}
      targetPort: galera-state
      protocol: TCP
`;

export const SERVICE_YAML = `${HEADER}
# The clients' Service. Its endpoints are the ready pods, and a pod is ready only when Synced: joiners and
# donors get no connections.
apiVersion: v1
kind: Service
metadata:
  name: {{ include "galera.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "galera.labels" (dict "context" . "component" "database") | nindent 4 }}
  {{- with .Values.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ .Values.service.type }}
  selector:
    {{- include "galera.selectorLabels" . | nindent 4 }}
  ports:
    - name: mysql
      port: {{ .Values.service.port }}
      targetPort: mysql
      protocol: TCP
`;

/** One voluntary disruption (a drain, an eviction) at a time: a three-node cluster keeps its majority. */
export const PDB_YAML = `${HEADER}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "galera.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "galera.labels" (dict "context" . "component" "database") | nindent 4 }}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      {{- include "galera.selectorLabels" . | nindent 6 }}
`;

const script = `${SCRIPTS_DIR}/${GALERA_SCRIPT}`;

export const STATEFULSET_YAML = `${HEADER}
{{- include "galera.validate" . }}
{{- $fullname := include "galera.fullname" . }}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $fullname }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "galera.labels" (dict "context" . "component" "database") | nindent 4 }}
spec:
  serviceName: {{ include "galera.headlessName" . }}
  replicas: {{ .Values.replicaCount }}
  # All pods start together: after a full stop the node with the highest seqno must bootstrap, and it may
  # be any of them; OrderedReady would wait for pod 0 to be ready first, which it cannot be alone.
  podManagementPolicy: Parallel
  # One pod at a time, from the highest ordinal, each ready (Synced) before the next: the cluster keeps
  # its majority through an upgrade. maxUnavailable 1 is the default, spelled out for clusters that enable
  # MaxUnavailableStatefulSet (with Parallel, a larger value would restart several nodes at once).
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      partition: 0
      maxUnavailable: 1
  selector:
    matchLabels:
      {{- include "galera.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "galera.labels" (dict "context" . "component" "database") | nindent 8 }}
      annotations:
        # A change of galera.cnf or of the scripts rolls the pods, one at a time.
        checksum/config: {{ include (print $.Template.BasePath "/config.yaml") . | sha256sum }}
        checksum/scripts: {{ include (print $.Template.BasePath "/scripts.yaml") . | sha256sum }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      # Nothing here calls the Kubernetes API: peers talk to each other over the headless Service.
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
      {{- with .Values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        runAsNonRoot: true
        runAsUser: ${RUN_AS_ID}
        runAsGroup: ${RUN_AS_ID}
        # The volume becomes writable for mysql; checked at its root only, not file by file on every start.
        fsGroup: ${RUN_AS_ID}
        fsGroupChangePolicy: OnRootMismatch
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: mariadb
          image: {{ include "galera.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          # galera.sh decides how this node starts (bootstrap, join, or wait for its peers), then runs the
          # image's entrypoint with mariadbd.
          command: ["bash", "${script}", "start"]
          env:
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: GALERA_PEERS
              value: {{ include "galera.peers" . | quote }}
            - name: GALERA_STATE_PORT
              value: "${STATE_PORT}"
            - name: GALERA_POLL_SECONDS
              value: {{ .Values.recovery.pollSeconds | quote }}
            - name: GALERA_FORCE_BOOTSTRAP
              value: {{ .Values.recovery.forceBootstrap | quote }}
            - name: GALERA_FORCE_BOOTSTRAP_FROM
              value: {{ .Values.recovery.forceBootstrapFrom | quote }}
            # The entrypoint sets root's password from it on a new data directory; the probes connect with it.
            {{- include "galera.secretEnv" (dict "context" . "name" "MARIADB_ROOT_PASSWORD" "key" .Values.auth.rootPasswordKey) | nindent 12 }}
            {{- with .Values.auth.database }}
            - name: MARIADB_DATABASE
              value: {{ . | quote }}
            {{- end }}
            {{- if .Values.auth.username }}
            - name: MARIADB_USER
              value: {{ .Values.auth.username | quote }}
            {{- include "galera.secretEnv" (dict "context" . "name" "MARIADB_PASSWORD" "key" .Values.auth.passwordKey) | nindent 12 }}
            {{- end }}
            {{- if eq .Values.galera.sstMethod "mariabackup" }}
            {{- include "galera.secretEnv" (dict "context" . "name" "MARIADB_SST_PASSWORD" "key" .Values.auth.sstPasswordKey) | nindent 12 }}
            {{- end }}
          ports:
            - name: mysql
              containerPort: ${PORTS.mysql}
              protocol: TCP
            - name: sst
              containerPort: ${PORTS.sst}
              protocol: TCP
            - name: galera
              containerPort: ${PORTS.galera}
              protocol: TCP
            - name: galera-udp
              containerPort: ${PORTS.galera}
              protocol: UDP
            - name: ist
              containerPort: ${PORTS.ist}
              protocol: TCP
          # Ready only when Synced (wsrep_local_state 4) in a primary component: the client Service then
          # skips joiners, donors and nodes cut off from the majority.
          readinessProbe:
            exec:
              command: ["bash", "${script}", "ready"]
            periodSeconds: 5
            timeoutSeconds: 15
            failureThreshold: 3
          # Alive while the node decides how to start and while its server starts (SST, IST and InnoDB
          # recovery happen before the server opens its socket, and may take hours); afterwards, alive
          # while the server answers. A minute of silence from a started server restarts it.
          livenessProbe:
            exec:
              command: ["bash", "${script}", "alive"]
            periodSeconds: 10
            timeoutSeconds: 15
            failureThreshold: 6
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          securityContext:
            {{- include "galera.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: ${VOLUME_DIR}
            - name: config
              mountPath: /etc/mysql/conf.d
              readOnly: true
            - name: scripts
              mountPath: ${SCRIPTS_DIR}
              readOnly: true
            - name: initdb
              mountPath: /docker-entrypoint-initdb.d
              readOnly: true
            - name: run
              mountPath: ${RUN_DIR}
            - name: socket
              mountPath: ${SOCKET_DIR}
            - name: tmp
              mountPath: /tmp
        # Answers the peers on port ${STATE_PORT} with this node's state (primary, or what the mariadb container
        # found in its data directory), so that the nodes agree on who bootstraps. Same image: socat is in it.
        - name: galera-state
          image: {{ include "galera.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          command: ["bash", "${script}", "serve-state"]
          env:
            - name: GALERA_STATE_PORT
              value: "${STATE_PORT}"
            # To ask the local server whether it is in a primary component.
            {{- include "galera.secretEnv" (dict "context" . "name" "MARIADB_ROOT_PASSWORD" "key" .Values.auth.rootPasswordKey) | nindent 12 }}
          ports:
            - name: galera-state
              containerPort: ${STATE_PORT}
              protocol: TCP
          livenessProbe:
            tcpSocket:
              port: galera-state
            periodSeconds: 20
            timeoutSeconds: 5
            failureThreshold: 3
          resources:
            {{- toYaml .Values.stateServer.resources | nindent 12 }}
          securityContext:
            {{- include "galera.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - name: scripts
              mountPath: ${SCRIPTS_DIR}
              readOnly: true
            - name: run
              mountPath: ${RUN_DIR}
            - name: socket
              mountPath: ${SOCKET_DIR}
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: config
          configMap:
            name: {{ $fullname }}-config
        - name: scripts
          configMap:
            name: {{ $fullname }}-scripts
            items:
              - key: ${GALERA_SCRIPT}
                path: ${GALERA_SCRIPT}
            defaultMode: 292 # 0444: run with bash, never executed directly
        # Not executable, so the entrypoint sources it (and it can call docker_process_sql).
        - name: initdb
          configMap:
            name: {{ $fullname }}-scripts
            items:
              - key: ${SST_USER_SCRIPT}
                path: ${SST_USER_SCRIPT}
            defaultMode: 292 # 0444
        # Memory-backed: the SST password file must never reach a disk.
        - name: run
          emptyDir:
            medium: Memory
            sizeLimit: 16Mi
        - name: socket
          emptyDir:
            medium: Memory
            sizeLimit: 1Mi
        - name: tmp
          emptyDir: {}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      affinity:
        {{- if .Values.affinity }}
        {{- toYaml .Values.affinity | nindent 8 }}
        {{- else }}
        # A preference, not a requirement: a small cluster still runs every node.
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    {{- include "galera.selectorLabels" . | nindent 20 }}
        {{- end }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels:
          {{- include "galera.selectorLabels" . | nindent 10 }}
      spec:
        accessModes: ["ReadWriteOnce"]
        {{- with .Values.persistence.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ .Values.persistence.size }}
`;

/** A helm test: the client Service answers, as root, and every node is in the cluster. */
export const TEST_YAML = `${HEADER}
{{- $fullname := include "galera.fullname" . }}
apiVersion: v1
kind: Pod
metadata:
  name: {{ $fullname }}-test
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "galera.labels" (dict "context" . "component" "test") | nindent 4 }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    runAsUser: ${RUN_AS_ID}
    runAsGroup: ${RUN_AS_ID}
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: cluster-size
      image: {{ include "galera.image" . | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      command:
        - bash
        - -ec
        - |
          size=$(mariadb --host={{ $fullname }} --port={{ .Values.service.port }} --user=root --skip-ssl-verify-server-cert \\
            --batch --skip-column-names --execute="SHOW GLOBAL STATUS LIKE 'wsrep_cluster_size'" | cut -f2)
          echo "wsrep_cluster_size=$size, expected {{ .Values.replicaCount }}"
          test "$size" = "{{ .Values.replicaCount }}"
      env:
        # The client reads MYSQL_PWD: the password never appears in the command.
        {{- include "galera.secretEnv" (dict "context" . "name" "MYSQL_PWD" "key" .Values.auth.rootPasswordKey) | nindent 8 }}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: ["ALL"]
      resources:
        requests:
          cpu: 10m
          memory: 32Mi
        limits:
          memory: 128Mi
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir: {}
`;

export const NOTES_TXT = `${HEADER}
{{- $fullname := include "galera.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- $secret := include "galera.secretName" . }}
{{- $client := printf "kubectl run %s-client --rm -it --restart=Never --namespace %s --image %s -- mariadb --skip-ssl-verify-server-cert" $fullname $ns (include "galera.image" .) -}}
Galera cluster {{ include "galera.clusterName" . }}: {{ .Values.replicaCount }} MariaDB {{ ternary "node" "nodes" (eq (int .Values.replicaCount) 1) }} in StatefulSet {{ $fullname }}, namespace {{ $ns }}.
A node is ready only when it is Synced. Watch them:

  kubectl get pods --namespace {{ $ns }} -l app.kubernetes.io/instance={{ .Release.Name }} --watch

Each node logs how it starts (bootstrap, join, or what it waits for):

  kubectl logs --namespace {{ $ns }} {{ $fullname }}-0 -c mariadb | grep galera

CONNECT

Service {{ $fullname }}.{{ $ns }}.svc, port {{ .Values.service.port }} (Synced nodes only).
The root password is in Secret {{ $secret }}, key {{ .Values.auth.rootPasswordKey }}:

  kubectl get secret {{ $secret }} --namespace {{ $ns }} -o jsonpath='{.data.{{ .Values.auth.rootPasswordKey }}}' | base64 -d

Open a client as root (it asks for that password):

  {{ $client }} -h {{ $fullname }} -P {{ .Values.service.port }} -u root -p
{{- if .Values.auth.username }}

Applications connect as {{ .Values.auth.username }}{{ with .Values.auth.database }} to database {{ . }}{{ end }}; the password is in Secret {{ $secret }}, key {{ .Values.auth.passwordKey }}.
{{- end }}

RECOVERY

After every node stopped, the pods wait until they agree which one bootstraps: the one with
safe_to_bootstrap: 1, or after a crash the highest seqno once all {{ .Values.replicaCount }} have reported it. If a node is
gone for good, bootstrap from another with --set recovery.forceBootstrap=true,recovery.forceBootstrapFrom=<ordinal>,
then set it back to false. The chart's README.md explains how.
{{- if .Values.recovery.forceBootstrap }}

WARNING: recovery.forceBootstrap is on (pod {{ $fullname }}-{{ .Values.recovery.forceBootstrapFrom }}). Set it back to false once the cluster is up.
{{- end }}
{{- if not .Values.auth.existingSecret }}

The Secret {{ $secret }} is kept when the release is uninstalled, like the volumes whose data it opens.
{{- end }}

TEST

  helm test {{ .Release.Name }} --namespace {{ $ns }}

checks that the Service answers and that all {{ .Values.replicaCount }} nodes are in the cluster (wsrep_cluster_size).
`;
