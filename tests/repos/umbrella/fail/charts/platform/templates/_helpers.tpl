{{- define "platform.name" -}}
{{ .Chart.Name }}
{{- end }}
