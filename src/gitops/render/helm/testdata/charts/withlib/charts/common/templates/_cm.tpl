{{- define "common.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .name }}
  labels:
    release: {{ .root.Release.Name }}
data:
  {{- range $k, $v := .data }}
  {{ $k }}: {{ $v | toString | quote }}
  {{- end }}
{{- end -}}
{{- define "common.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-svc
spec:
  ports:
  {{- range .Values.ports }}
    - port: {{ . }}
  {{- end }}
{{- end -}}
