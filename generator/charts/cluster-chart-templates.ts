// The Go templates of charts/mariadb-cluster. They are plain text on purpose: only values.schema.json,
// the README's values table and the values.yaml comments depend on the schemas. The templates render
// each resource's spec from the values as given (toYaml) plus the wiring the chart owns: the
// mariaDbRef/maxScaleRef between MaxScale and MariaDB, the Connections' reference, and the names of the
// Secrets it points at, so that NOTES.txt and the test Pod never guess them.
// Helm's `lint --strict` renders with missingkey=error, so optional values are read with get/dig/hasKey.
import { GENERATED_HEADER } from '../output-file.js';

const HEADER = `{{- /* ${GENERATED_HEADER}: made by mdbkit generate. */ -}}`;

/** The client the test Pod and the NOTES example run. */
export const DEFAULT_TEST_IMAGE = 'docker.io/library/mariadb:11.4';

export function helpersTpl(apiVersion: string, fullnameMax: number): string {
  return `${HEADER}

{{/* The chart's name: the app.kubernetes.io/name label. */}}
{{- define "mariadb-cluster.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The MariaDB's name; every other name starts with it. At most ${fullnameMax} characters, not Helm's usual 63: the
operators append suffixes (-maxscale, -internal, -primary, -secondary, -gui) and StatefulSet pods carry
their name plus a hash in 63-character labels.
*/}}
{{- define "mariadb-cluster.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc ${fullnameMax} | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc ${fullnameMax} | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc ${fullnameMax} | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "mariadb-cluster.maxscaleName" -}}
{{- printf "%s-maxscale" (include "mariadb-cluster.fullname" .) -}}
{{- end -}}

{{- define "mariadb-cluster.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The group is a value; the version is the one the schemas define. */}}
{{- define "mariadb-cluster.apiVersion" -}}
{{- printf "%s/${apiVersion}" .Values.apiGroup -}}
{{- end -}}

{{/*
The recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/).
Call with (dict "context" $ "component" "database").
*/}}
{{- define "mariadb-cluster.labels" -}}
helm.sh/chart: {{ include "mariadb-cluster.chart" .context }}
app.kubernetes.io/name: {{ include "mariadb-cluster.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
app.kubernetes.io/version: {{ .context.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: {{ include "mariadb-cluster.fullname" .context }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
{{- end -}}

{{/*
The MariaDB spec as rendered: the values' spec, the maxScaleRef to the chart's MaxScale, and the Secrets
the operator generates named explicitly (<name>-root, and <name>-password for spec.username), as the
operator would name them, so that NOTES.txt and the test Pod read the same names.
*/}}
{{- define "mariadb-cluster.mariadbSpec" -}}
{{- $fullname := include "mariadb-cluster.fullname" . -}}
{{- $spec := deepCopy (.Values.mariadb.spec | default dict) -}}
{{- if not (or (hasKey $spec "rootPasswordSecretKeyRef") (get $spec "rootEmptyPassword")) -}}
{{- $_ := set $spec "rootPasswordSecretKeyRef" (dict "name" (printf "%s-root" $fullname) "key" "password" "generate" true) -}}
{{- end -}}
{{- if and (get $spec "username") (not (or (hasKey $spec "passwordSecretKeyRef") (hasKey $spec "passwordHashSecretKeyRef") (hasKey $spec "passwordPlugin"))) -}}
{{- $_ := set $spec "passwordSecretKeyRef" (dict "name" (printf "%s-password" $fullname) "key" "password" "generate" true) -}}
{{- end -}}
{{- if .Values.maxscale.enabled -}}
{{- $_ := set $spec "maxScaleRef" (dict "name" (include "mariadb-cluster.maxscaleName" .)) -}}
{{- end -}}
{{- toYaml $spec -}}
{{- end -}}

{{/* The MaxScale spec as rendered: the values' spec and the mariaDbRef to the chart's MariaDB. */}}
{{- define "mariadb-cluster.maxscaleSpec" -}}
{{- $spec := deepCopy (.Values.maxscale.spec | default dict) -}}
{{- $_ := set $spec "mariaDbRef" (dict "name" (include "mariadb-cluster.fullname" .)) -}}
{{- toYaml $spec -}}
{{- end -}}

{{/* The port MariaDB listens on (the operator's default is 3306). */}}
{{- define "mariadb-cluster.mariadbPort" -}}
{{- get (.Values.mariadb.spec | default dict) "port" | default 3306 -}}
{{- end -}}

{{/* The port clients reach MaxScale on: its first service's listener; the operator's default rw-router listens on 3306. */}}
{{- define "mariadb-cluster.maxscalePort" -}}
{{- $services := get (.Values.maxscale.spec | default dict) "services" -}}
{{- if $services -}}
{{- dig "listener" "port" 3306 (first $services) -}}
{{- else -}}
3306
{{- end -}}
{{- end -}}
`;
}

export const MARIADB_YAML = `${HEADER}
apiVersion: {{ include "mariadb-cluster.apiVersion" . }}
kind: MariaDB
metadata:
  name: {{ include "mariadb-cluster.fullname" . }}
  labels:
    {{- include "mariadb-cluster.labels" (dict "context" . "component" "database") | nindent 4 }}
spec:
  {{- include "mariadb-cluster.mariadbSpec" . | nindent 2 }}
`;

export const MAXSCALE_YAML = `${HEADER}
{{- if .Values.maxscale.enabled }}
apiVersion: {{ include "mariadb-cluster.apiVersion" . }}
kind: MaxScale
metadata:
  name: {{ include "mariadb-cluster.maxscaleName" . }}
  labels:
    {{- include "mariadb-cluster.labels" (dict "context" . "component" "proxy") | nindent 4 }}
spec:
  {{- include "mariadb-cluster.maxscaleSpec" . | nindent 2 }}
{{- end }}
`;

export const CONNECTIONS_YAML = `${HEADER}
{{- $seen := dict }}
{{- range $connection := .Values.connections }}
{{- /* JSON Schema (draft-07) cannot say "names unique in a list"; two objects of one name would fail the install later. */}}
{{- if hasKey $seen $connection.name }}
{{- fail (printf "connections: the name %q is used twice" $connection.name) }}
{{- end }}
{{- $_ := set $seen $connection.name true }}
{{- $spec := deepCopy ($connection.spec | default dict) }}
{{- if $.Values.maxscale.enabled }}
{{- $_ := set $spec "maxScaleRef" (dict "name" (include "mariadb-cluster.maxscaleName" $)) }}
{{- else }}
{{- $_ := set $spec "mariaDbRef" (dict "name" (include "mariadb-cluster.fullname" $)) }}
{{- end }}
---
apiVersion: {{ include "mariadb-cluster.apiVersion" $ }}
kind: Connection
metadata:
  name: {{ printf "%s-%s" (include "mariadb-cluster.fullname" $) $connection.name }}
  labels:
    {{- include "mariadb-cluster.labels" (dict "context" $ "component" "connection") | nindent 4 }}
spec:
  {{- toYaml $spec | nindent 2 }}
{{- end }}
`;

/*
 * The client needs --skip-ssl-verify-server-cert: from 11.4 the mariadb client insists on TLS and refuses
 * a server without it ("SSL is required, but the server does not support it"), and MaxScale listeners
 * have no TLS unless spec.tls says so. With it the client still uses TLS whenever the server offers it.
 * MYSQL_PWD is the client's documented password variable: the password never appears in the Pod spec.
 */
const CLIENT_FLAGS = '--skip-ssl-verify-server-cert';

function testContainer(name: string, host: string, port: string, user: string, secretVar: string, extraArgs = ''): string {
  return `    - name: ${name}
      image: {{ $.Values.tests.image | quote }}
      imagePullPolicy: IfNotPresent
      command:
        - mariadb
        - --host=${host}
        - --port=${port}
        - --user=${user}
        - ${CLIENT_FLAGS}${extraArgs}
        - --execute=SELECT 1
      {{- with ${secretVar} }}
      env:
        - name: MYSQL_PWD
          valueFrom:
            secretKeyRef:
              name: {{ .name }}
              key: {{ .key }}
      {{- end }}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop:
            - ALL
      resources:
        requests:
          cpu: 10m
          memory: 32Mi
        limits:
          memory: 128Mi
      volumeMounts:
        - name: tmp
          mountPath: /tmp`;
}

export const TEST_CONNECTION_YAML = `${HEADER}
{{- $fullname := include "mariadb-cluster.fullname" . }}
{{- $mariadb := fromYaml (include "mariadb-cluster.mariadbSpec" .) }}
{{- $root := get $mariadb "rootPasswordSecretKeyRef" }}
{{- $username := get $mariadb "username" }}
{{- $password := get $mariadb "passwordSecretKeyRef" }}
{{- /* MaxScale refuses root (enable_root_user is off by default), so it is checked as spec.username. */}}
{{- $throughMaxScale := and .Values.maxscale.enabled $username $password }}
apiVersion: v1
kind: Pod
metadata:
  name: {{ $fullname }}-test-connection
  labels:
    {{- include "mariadb-cluster.labels" (dict "context" . "component" "test") | nindent 4 }}
  annotations:
    helm.sh/hook: test
    # Kept after success so that \`helm test --logs\` can show the output; replaced by the next run.
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    runAsUser: 999
    runAsGroup: 999
    seccompProfile:
      type: RuntimeDefault
  containers:
${testContainer('mariadb', '{{ $fullname }}', '{{ include "mariadb-cluster.mariadbPort" . }}', 'root', '$root')}
    {{- if $throughMaxScale }}
${testContainer(
  'maxscale',
  '{{ include "mariadb-cluster.maxscaleName" . }}',
  '{{ include "mariadb-cluster.maxscalePort" . }}',
  '{{ $username }}',
  '$password',
  '{{ with get $mariadb "database" }}\n        - --database={{ . }}{{ end }}',
)}
    {{- end }}
  volumes:
    - name: tmp
      emptyDir: {}
`;

export const NOTES_TXT = `${HEADER}
{{- $fullname := include "mariadb-cluster.fullname" . }}
{{- $maxscaleName := include "mariadb-cluster.maxscaleName" . }}
{{- $ns := .Release.Namespace }}
{{- $group := .Values.apiGroup }}
{{- $mariadb := fromYaml (include "mariadb-cluster.mariadbSpec" .) }}
{{- $port := include "mariadb-cluster.mariadbPort" . }}
{{- $replicas := get $mariadb "replicas" | default 1 }}
{{- $galera := dig "galera" "enabled" false $mariadb }}
{{- $replication := dig "replication" "enabled" false $mariadb }}
{{- $root := get $mariadb "rootPasswordSecretKeyRef" }}
{{- $username := get $mariadb "username" }}
{{- $password := get $mariadb "passwordSecretKeyRef" }}
{{- $client := printf "kubectl run %s-client --rm -it --restart=Never --namespace %s --image %s -- mariadb ${CLIENT_FLAGS}" $fullname $ns .Values.tests.image -}}
MariaDB {{ $fullname }} ({{ if $galera }}Galera{{ else if $replication }}replication{{ else }}single server{{ end }}, {{ $replicas }} {{ ternary "replica" "replicas" (eq (int $replicas) 1) }})
{{- if .Values.maxscale.enabled }} behind MaxScale {{ $maxscaleName }}{{ end }} is declared in namespace {{ $ns }}.
The {{ $group }} operator builds it; watch it become ready:

  kubectl get mariadbs.{{ $group }} {{ $fullname }} --namespace {{ $ns }} --watch
{{- if .Values.maxscale.enabled }}
  kubectl get maxscales.{{ $group }} {{ $maxscaleName }} --namespace {{ $ns }} --watch
{{- end }}

CONNECT
{{- if .Values.maxscale.enabled }}

Applications connect through MaxScale: Service {{ $maxscaleName }}.{{ $ns }}.svc, port {{ include "mariadb-cluster.maxscalePort" . }}.
MaxScale refuses root by default (its enable_root_user parameter is off), so connect through it as
{{- if and $username $password }} {{ $username }}; the password is in Secret {{ $password.name }}, key {{ $password.key }}:

  kubectl get secret {{ $password.name }} --namespace {{ $ns }} -o jsonpath='{.data.{{ $password.key }}}' | base64 -d
  {{ $client }} -h {{ $maxscaleName }} -P {{ include "mariadb-cluster.maxscalePort" . }} -u {{ $username }} -p
{{- else }} an application user: set mariadb.spec.username (and database) to have one created.
{{- end }}

For administration, connect as root to the MariaDB Service directly, as below.
{{- end }}

MariaDB Service: {{ $fullname }}.{{ $ns }}.svc, port {{ $port }}
{{- if $replication }} (every pod; writes go to {{ $fullname }}-primary){{ end }}.
{{- if $root }}
The root password is in Secret {{ $root.name }}, key {{ $root.key }}:

  kubectl get secret {{ $root.name }} --namespace {{ $ns }} -o jsonpath='{.data.{{ $root.key }}}' | base64 -d

Open a client as root (it asks for that password):

  {{ $client }} -h {{ $fullname }}{{ if $replication }}-primary{{ end }} -P {{ $port }} -u root -p
{{- else }}
root has no password (spec.rootEmptyPassword):

  {{ $client }} -h {{ $fullname }}{{ if $replication }}-primary{{ end }} -P {{ $port }} -u root
{{- end }}
{{- with .Values.connections }}

Connections (mount their Secrets in your applications; each holds host, port, user, password and a DSN):
{{- range . }}
  {{ printf "%s-%s" $fullname .name }}: Secret {{ get .spec "secretName" | default (printf "%s-%s" $fullname .name) }}
{{- end }}
{{- end }}

TEST

  helm test {{ .Release.Name }} --namespace {{ $ns }}

runs SELECT 1 as root on the MariaDB Service
{{- if and .Values.maxscale.enabled $username $password }}, and as {{ $username }} through MaxScale{{ end }}.
`;

export const HELMIGNORE = `# ${GENERATED_HEADER}: made by mdbkit generate.
.git/
.gitignore
*.tmp
*.orig
*.swp
*~
.DS_Store
`;
