{{/* Names and labels shared by every template. */}}
{{- define "tdkt.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tdkt.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "tdkt.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "tdkt.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "tdkt.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "tdkt.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: call with (dict "ctx" $ "component" "api"). */}}
{{- define "tdkt.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tdkt.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "tdkt.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The migration hook runs before the chart's ServiceAccount exists: it uses a pre-existing
     account (serviceAccount.create=false + name) or the namespace's default one. */}}
{{- define "tdkt.migrationServiceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
default
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "tdkt.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tdkt.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret with TDKT_DATABASE_URL, TDKT_ADMIN_PASSWORD, TDKT_JWT_SECRET. */}}
{{- define "tdkt.secretName" -}}
{{- default (printf "%s-secrets" (include "tdkt.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* The Secret the migration hook reads: it runs before the release's own Secret exists, so
     when the chart makes the secrets it also makes a short-lived hook copy for the Job. */}}
{{- define "tdkt.migrationSecretName" -}}
{{- default (printf "%s-migration" (include "tdkt.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* Non-secret TDKT_* settings as KEY: "value" lines (ConfigMap data and the Job's env). */}}
{{- define "tdkt.configData" -}}
TDKT_ENV: {{ .Values.config.env | quote }}
TDKT_LOG_LEVEL: {{ .Values.config.logLevel | quote }}
TDKT_TEMPORAL_ADDRESS: {{ required "temporal.address is required" .Values.temporal.address | quote }}
TDKT_TEMPORAL_NAMESPACE: {{ .Values.temporal.namespace | quote }}
TDKT_TASK_QUEUE: {{ .Values.temporal.taskQueue | quote }}
TDKT_SEED_DEMO: {{ .Values.config.seedDemo | quote }}
TDKT_SMTP_HOST: {{ .Values.config.smtpHost | quote }}
TDKT_SMTP_PORT: {{ .Values.config.smtpPort | int64 | quote }}
TDKT_MAIL_FROM: {{ .Values.config.mailFrom | quote }}
TDKT_MAX_BODY_BYTES: {{ .Values.config.maxBodyBytes | int64 | quote }}
TDKT_OTEL_EXPORTER_ENDPOINT: {{ .Values.config.otelExporterEndpoint | quote }}
TDKT_DATA_DIR: "/tmp/tdkt"
{{- range $key, $value := .Values.config.extraEnv }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Pod-level settings shared by the API, the worker and the migration Job. */}}
{{- define "tdkt.podCommon" -}}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The writable scratch directory (the root filesystem is read-only). */}}
{{- define "tdkt.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}

{{- define "tdkt.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{- define "tdkt.podAnnotations" -}}
checksum/config: {{ include "tdkt.configData" . | sha256sum }}
{{- with .Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end -}}
