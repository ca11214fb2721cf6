{{- define "redis.fullname" -}}
{{ .Release.Name }}-{{ .Chart.Name }}
{{- end -}}
{{- define "webapp.chart" -}}
overridden-by-parent
{{- end -}}
