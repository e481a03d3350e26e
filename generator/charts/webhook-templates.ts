// The Go templates of charts/mdbkit-webhook. Only the rules depend on the schemas: which resources of which
// API group the webhook configurations send and the ClusterRole lets the webhook read, written out per group
// and switched on by `servedGroups`. Everything else is plain text.
// Helm's `lint --strict` renders with missingkey=error, so every value read here exists in values.yaml.
import type { KindDefinition } from '../../kinds/kind-definition.js';
import type { SchemaSet } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER } from '../output-file.js';

const HEADER = `{{- /* ${GENERATED_HEADER}: made by mdbkit generate. */ -}}`;
/** Where the Secret is mounted; the webhook reloads the files when the kubelet updates them. */
const TLS_DIR = '/etc/mdbkit/tls';
export const CONTAINER_PORT = 8443;
/** The distroless "nonroot" id, also the Dockerfile's USER: no passwd entry, no home, no shell. */
export const RUN_AS_ID = 65532;

/** One admission rule or RBAC rule set per API group and version. */
export interface GroupRule {
  group: string;
  version: string;
  /** Every kind's plural. */
  plurals: string[];
  /** The plurals plus `<plural>/scale` for kinds with a scale subresource (kubectl scale reaches the webhook so). */
  resources: string[];
  scope: 'Namespaced' | 'Cluster' | '*';
}

export function groupRules(set: SchemaSet): GroupRule[] {
  const byKey = new Map<string, { group: string; version: string; kinds: KindDefinition[] }>();
  for (const kind of set.kinds) {
    for (const group of kind.groups) {
      const key = `${group}/${kind.version}`;
      const entry = byKey.get(key) ?? { group, version: kind.version, kinds: [] };
      entry.kinds.push(kind);
      byKey.set(key, entry);
    }
  }
  return [...byKey.keys()].sort().map((key) => {
    const { group, version, kinds } = byKey.get(key)!;
    const plurals = kinds.map((k) => k.plural).sort();
    const resources = kinds.flatMap((k) => (k.scale ? [k.plural, `${k.plural}/scale`] : [k.plural])).sort();
    const scopes = new Set(kinds.map((k) => k.scope));
    return { group, version, plurals, resources, scope: scopes.size === 1 ? [...scopes][0]! : '*' };
  });
}

const list = (items: readonly string[]) => `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;

/** Lines of a YAML list, each group's item only when that group is served; `indent` is the list's column. */
function perServedGroup(rules: GroupRule[], indent: number, item: (rule: GroupRule) => string[]): string {
  const pad = ' '.repeat(indent);
  return rules
    .flatMap((rule) => [`{{- if has ${JSON.stringify(rule.group)} .Values.servedGroups }}`, ...item(rule).map((line) => `${pad}${line}`), '{{- end }}'])
    .join('\n');
}

export const HELPERS_TPL = `${HEADER}

{{/* The chart's name: the app.kubernetes.io/name label. */}}
{{- define "mdbkit-webhook.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of every object; it is also the Service name, so a DNS-1035 label of at most 63 characters. */}}
{{- define "mdbkit-webhook.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "mdbkit-webhook.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "mdbkit-webhook.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mdbkit-webhook.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */}}
{{- define "mdbkit-webhook.labels" -}}
helm.sh/chart: {{ include "mdbkit-webhook.chart" . }}
{{ include "mdbkit-webhook.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: admission-webhook
app.kubernetes.io/part-of: mdbkit
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The Secret the pods mount: the user's in existingSecret mode, else the one the chart or cert-manager writes. */}}
{{- define "mdbkit-webhook.tlsSecretName" -}}
{{- if eq .Values.tls.mode "existingSecret" -}}
{{- .Values.tls.existingSecret.name -}}
{{- else -}}
{{- printf "%s-tls" (include "mdbkit-webhook.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* The names the API server calls the Service by (<service>.<namespace>.svc), and the fully qualified one. */}}
{{- define "mdbkit-webhook.dnsNames" -}}
{{- $service := include "mdbkit-webhook.fullname" . -}}
{{- list (printf "%s.%s.svc" $service .Release.Namespace) (printf "%s.%s.svc.%s" $service .Release.Namespace .Values.clusterDomain) | toJson -}}
{{- end -}}

{{/*
genCA mode: the CA and serving certificate as JSON {caCrt, tlsCrt, tlsKey}, each base64. They are taken
from the existing Secret when it holds all three, so an upgrade never rotates the CA the API server
trusts (lookup finds nothing under helm template or --dry-run, which then show fresh ones). They are made
once per render and kept in the root context: templates render separately and genCA gives a new CA on
every call, yet the Secret and both webhook configurations must agree.
*/}}
{{- define "mdbkit-webhook.generatedTls" -}}
{{- if not (hasKey . "mdbkitWebhookGeneratedTls") -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (include "mdbkit-webhook.tlsSecretName" .) -}}
{{- $data := dig "data" (dict) $existing -}}
{{- if and (get $data "ca.crt") (get $data "tls.crt") (get $data "tls.key") -}}
{{- $_ := set . "mdbkitWebhookGeneratedTls" (dict "caCrt" (get $data "ca.crt") "tlsCrt" (get $data "tls.crt") "tlsKey" (get $data "tls.key")) -}}
{{- else -}}
{{- $fullname := include "mdbkit-webhook.fullname" . -}}
{{- $days := int .Values.tls.genCA.validityDays -}}
{{- $ca := genCA (printf "%s-ca" $fullname) $days -}}
{{- $cert := genSignedCert $fullname nil (include "mdbkit-webhook.dnsNames" . | fromJsonArray) $days $ca -}}
{{- $_ := set . "mdbkitWebhookGeneratedTls" (dict "caCrt" ($ca.Cert | b64enc) "tlsCrt" ($cert.Cert | b64enc) "tlsKey" ($cert.Key | b64enc)) -}}
{{- end -}}
{{- end -}}
{{- get . "mdbkitWebhookGeneratedTls" | toJson -}}
{{- end -}}

{{/* clientConfig of a webhook; call with (dict "context" $ "path" "/mutate"). */}}
{{- define "mdbkit-webhook.clientConfig" -}}
{{- $tls := .context.Values.tls -}}
{{- if eq $tls.mode "url" -}}
url: {{ printf "%s%s" (trimSuffix "/" $tls.url.baseURL) .path | quote }}
{{- with $tls.url.caBundle }}
caBundle: {{ . }}
{{- end }}
{{- else -}}
service:
  name: {{ include "mdbkit-webhook.fullname" .context }}
  namespace: {{ .context.Release.Namespace }}
  path: {{ .path }}
  port: 443
{{- if eq $tls.mode "genCA" }}
caBundle: {{ (include "mdbkit-webhook.generatedTls" .context | fromJson).caCrt }}
{{- else if eq $tls.mode "existingSecret" }}
caBundle: {{ $tls.existingSecret.caBundle }}
{{- end }}
{{- end -}}
{{- end -}}

{{/*
Never kube-system, nor the webhook's own namespace (its pods must start without it); with watchNamespaces,
only those, since the webhook reads no other namespace.
*/}}
{{- define "mdbkit-webhook.namespaceSelector" -}}
matchExpressions:
  - key: kubernetes.io/metadata.name
    operator: NotIn
    values: {{ concat (list "kube-system" .Release.Namespace) .Values.excludeNamespaces | uniq | toJson }}
{{- with .Values.watchNamespaces }}
  - key: kubernetes.io/metadata.name
    operator: In
    values: {{ toJson . }}
{{- end }}
{{- end -}}

{{/* cert-manager's cainjector copies the CA of this Certificate into the configurations. */}}
{{- define "mdbkit-webhook.annotations" -}}
{{- if eq .Values.tls.mode "certManager" -}}
annotations:
  cert-manager.io/inject-ca-from: {{ printf "%s/%s-tls" .Release.Namespace (include "mdbkit-webhook.fullname" .) }}
{{- end -}}
{{- end -}}
`;

/**
 * Both configurations: CREATE and UPDATE only. The webhook has nothing to say on DELETE (webhook/admission.ts
 * skips it), and a DELETE rule would only make deletes fail while the webhook is down.
 */
export function webhookConfigurationTpl(set: SchemaSet, kind: 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration'): string {
  const mutating = kind === 'MutatingWebhookConfiguration';
  const path = mutating ? '/mutate' : '/validate';
  const rules = perServedGroup(groupRules(set), 6, (rule) => [
    `- apiGroups: ${list([rule.group])}`,
    `  apiVersions: ${list([rule.version])}`,
    `  operations: ["CREATE", "UPDATE"]`,
    `  resources: ${list(rule.resources)}`,
    `  scope: ${JSON.stringify(rule.scope)}`,
  ]);
  return `${HEADER}
apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}
metadata:
  name: {{ include "mdbkit-webhook.fullname" . }}
  labels:
    {{- include "mdbkit-webhook.labels" . | nindent 4 }}
  {{- with include "mdbkit-webhook.annotations" . }}
  {{- . | nindent 2 }}
  {{- end }}
webhooks:
  - name: ${mutating ? 'mutate' : 'validate'}.mdbkit.dev
    admissionReviewVersions: ["v1"]
    # The webhook changes nothing but the response, so kubectl apply --dry-run=server calls it too.
    sideEffects: None
    failurePolicy: {{ .Values.failurePolicy }}
    timeoutSeconds: {{ .Values.timeoutSeconds }}
    # Requests through another version of a served resource are converted and sent too.
    matchPolicy: Equivalent
${mutating ? "    # mdbkit's defaults never depend on another webhook's changes.\n    reinvocationPolicy: Never\n" : ''}    namespaceSelector:
      {{- include "mdbkit-webhook.namespaceSelector" . | nindent 6 }}
    clientConfig:
      {{- include "mdbkit-webhook.clientConfig" (dict "context" . "path" "${path}") | nindent 6 }}
    rules:
${rules}
`;
}

/** The webhook only reads: the MariaDB a MaxScale references, the MaxScale a scale request changes. */
export function clusterRoleTpl(set: SchemaSet): string {
  const rules = perServedGroup(groupRules(set), 2, (rule) => [
    `- apiGroups: ${list([rule.group])}`,
    `  resources: ${list(rule.plurals)}`,
    `  verbs: ["get", "list", "watch"]`,
  ]);
  return `${HEADER}
{{- if ne .Values.tls.mode "url" }}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ include "mdbkit-webhook.fullname" . }}
  labels:
    {{- include "mdbkit-webhook.labels" . | nindent 4 }}
rules:
${rules}
{{- end }}
`;
}

export const CLUSTER_ROLE_BINDING_YAML = `${HEADER}
{{- if ne .Values.tls.mode "url" }}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: {{ include "mdbkit-webhook.fullname" . }}
  labels:
    {{- include "mdbkit-webhook.labels" . | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: {{ include "mdbkit-webhook.fullname" . }}
subjects:
  - kind: ServiceAccount
    name: {{ include "mdbkit-webhook.fullname" . }}
    namespace: {{ .Release.Namespace }}
{{- end }}
`;

export const SERVICE_ACCOUNT_YAML = `${HEADER}
{{- if ne .Values.tls.mode "url" }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "mdbkit-webhook.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "mdbkit-webhook.labels" . | nindent 4 }}
# Only the webhook pods get the token, and they opt in themselves.
automountServiceAccountToken: false
{{- end }}
`;

export const SERVICE_YAML = `${HEADER}
{{- if ne .Values.tls.mode "url" }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "mdbkit-webhook.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "mdbkit-webhook.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "mdbkit-webhook.selectorLabels" . | nindent 4 }}
  ports:
    # The API server calls port 443 of the Service; /metrics is served on it too.
    - name: https
      port: 443
      targetPort: ${CONTAINER_PORT}
      protocol: TCP
{{- end }}
`;

/** With one replica a PodDisruptionBudget of minAvailable 1 would block every node drain, so none then. */
export const PDB_YAML = `${HEADER}
{{- if and (ne .Values.tls.mode "url") (gt (int .Values.replicaCount) 1) }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "mdbkit-webhook.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "mdbkit-webhook.labels" . | nindent 4 }}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      {{- include "mdbkit-webhook.selectorLabels" . | nindent 6 }}
{{- end }}
`;

export const DEPLOYMENT_YAML = `${HEADER}
{{- if ne .Values.tls.mode "url" }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "mdbkit-webhook.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "mdbkit-webhook.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  revisionHistoryLimit: 5
  # A new pod is ready before an old one stops: with failurePolicy Fail, a rollout must not refuse applies.
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "mdbkit-webhook.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "mdbkit-webhook.labels" . | nindent 8 }}
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "mdbkit-webhook.fullname" . }}
      # mdbkit serve keeps answering for 5 s after SIGTERM while the endpoints drop the pod, then drains for up to 20 s.
      terminationGracePeriodSeconds: 30
      # The in-cluster config of the webhook's informers reads this token.
      automountServiceAccountToken: true
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
        # The TLS files are mounted group-readable for this group only.
        fsGroup: ${RUN_AS_ID}
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: webhook
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: https
              containerPort: ${CONTAINER_PORT}
              protocol: TCP
          env:
            - name: MDBKIT_PORT
              value: "${CONTAINER_PORT}"
            - name: MDBKIT_TLS_CERT_FILE
              value: ${TLS_DIR}/tls.crt
            - name: MDBKIT_TLS_KEY_FILE
              value: ${TLS_DIR}/tls.key
            - name: MDBKIT_TLS_MIN_VERSION
              value: {{ .Values.tls.minVersion | quote }}
            - name: MDBKIT_SERVED_GROUPS
              value: {{ join "," .Values.servedGroups | quote }}
            {{- with .Values.watchNamespaces }}
            - name: MDBKIT_WATCH_NAMESPACES
              value: {{ join "," . | quote }}
            {{- end }}
            - name: MDBKIT_CLUSTER_DOMAIN
              value: {{ .Values.clusterDomain | quote }}
            - name: MDBKIT_LOG_LEVEL
              value: {{ .Values.logLevel | quote }}
            - name: NODE_OPTIONS
              value: "--max-old-space-size={{ .Values.maxHeapMiB }}"
          # Kubelet probes over HTTPS do not verify the certificate, so they work in every TLS mode.
          startupProbe:
            httpGet:
              path: /healthz
              port: https
              scheme: HTTPS
            periodSeconds: 2
            failureThreshold: 30
          livenessProbe:
            httpGet:
              path: /healthz
              port: https
              scheme: HTTPS
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /readyz
              port: https
              scheme: HTTPS
            periodSeconds: 5
            timeoutSeconds: 2
            failureThreshold: 2
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            runAsNonRoot: true
            capabilities:
              drop: ["ALL"]
            seccompProfile:
              type: RuntimeDefault
          volumeMounts:
            # A directory, not subPath files: the kubelet updates it when the Secret changes.
            - name: tls
              mountPath: ${TLS_DIR}
              readOnly: true
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tls
          secret:
            secretName: {{ include "mdbkit-webhook.tlsSecretName" . }}
            defaultMode: 288 # 0440
        - name: tmp
          emptyDir:
            sizeLimit: 16Mi
      # Preferences, not requirements: a one-node cluster still runs both replicas.
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "mdbkit-webhook.selectorLabels" . | nindent 14 }}
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "mdbkit-webhook.selectorLabels" . | nindent 14 }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
`;

export const TLS_SECRET_YAML = `${HEADER}
{{- if eq .Values.tls.mode "genCA" }}
{{- $tls := include "mdbkit-webhook.generatedTls" . | fromJson }}
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata:
  name: {{ include "mdbkit-webhook.tlsSecretName" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "mdbkit-webhook.labels" . | nindent 4 }}
data:
  ca.crt: {{ $tls.caCrt }}
  tls.crt: {{ $tls.tlsCrt }}
  tls.key: {{ $tls.tlsKey }}
{{- end }}
`;

/**
 * Without an issuer of the user's, a CA chain rather than a self-signed serving certificate: the CA the
 * configurations trust stays put while cert-manager renews the serving certificate under it.
 */
export const CERTIFICATE_YAML = `${HEADER}
{{- if eq .Values.tls.mode "certManager" }}
{{- $fullname := include "mdbkit-webhook.fullname" . }}
{{- $issuerRef := .Values.tls.certManager.issuerRef }}
{{- if not $issuerRef.name }}
{{- $issuerRef = dict "name" (printf "%s-ca" $fullname) "kind" "Issuer" "group" "cert-manager.io" }}
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: {{ $fullname }}-selfsigned
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "mdbkit-webhook.labels" . | nindent 4 }}
spec:
  selfSigned: {}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: {{ $fullname }}-ca
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "mdbkit-webhook.labels" . | nindent 4 }}
spec:
  isCA: true
  commonName: {{ printf "%s-ca" $fullname | trunc 64 }}
  secretName: {{ $fullname }}-ca
  duration: 87600h
  privateKey:
    algorithm: ECDSA
    size: 256
  issuerRef:
    name: {{ $fullname }}-selfsigned
    kind: Issuer
    group: cert-manager.io
---
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: {{ $fullname }}-ca
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "mdbkit-webhook.labels" . | nindent 4 }}
spec:
  ca:
    secretName: {{ $fullname }}-ca
---
{{- end }}
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: {{ $fullname }}-tls
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "mdbkit-webhook.labels" . | nindent 4 }}
spec:
  secretName: {{ include "mdbkit-webhook.tlsSecretName" . }}
  duration: {{ .Values.tls.certManager.duration }}
  renewBefore: {{ .Values.tls.certManager.renewBefore }}
  dnsNames:
    {{- include "mdbkit-webhook.dnsNames" . | fromJsonArray | toYaml | nindent 4 }}
  usages:
    - server auth
    - digital signature
  privateKey:
    algorithm: ECDSA
    size: 256
    rotationPolicy: Always
  issuerRef:
    name: {{ $issuerRef.name }}
    kind: {{ $issuerRef.kind }}
    group: {{ $issuerRef.group }}
{{- end }}
`;

export const NOTES_TXT = `${HEADER}
mdbkit-webhook {{ .Chart.AppVersion }} defaults and checks {{ join ", " .Values.servedGroups }} resources
(failurePolicy {{ .Values.failurePolicy }}) in every namespace but kube-system and {{ .Release.Namespace }}.
{{- if eq .Values.tls.mode "url" }}

The API server calls {{ trimSuffix "/" .Values.tls.url.baseURL }}/mutate and /validate: run mdbkit serve there.
{{- else }}

Wait for the webhook before applying resources:
  kubectl --namespace {{ .Release.Namespace }} rollout status deployment/{{ include "mdbkit-webhook.fullname" . }}
{{- end }}
{{- if eq .Values.tls.mode "genCA" }}

The generated CA is kept on upgrade. To renew it: kubectl --namespace {{ .Release.Namespace }} delete secret {{ include "mdbkit-webhook.tlsSecretName" . }}, then helm upgrade.
{{- end }}
`;
