package config

import (
	"errors"
	"strings"
)

// The README's configuration table sits between these markers; `go run
// ./cmd/settings` rewrites it from Settings and a test fails when they
// disagree.
const (
	TableBegin = "<!-- settings:begin (generated from config/settings.go by `go run ./cmd/settings`; do not edit) -->"
	TableEnd   = "<!-- settings:end -->"
)

// Table renders Settings as the README's configuration table: key, type,
// default and allowed values (from the parts' rules, or a JSON value's
// form), and what the setting does.
func Table() string {
	var b strings.Builder
	b.WriteString("| Key | Type | Default | Allowed | What it does |\n| --- | --- | --- | --- | --- |\n")
	for _, s := range Settings {
		def, allowed := "none", ""
		if s.Rule != nil {
			def, allowed = s.Rule.DefaultText(), s.Rule.AllowedText()
		}
		if shape := s.Value.Shape(); shape != "" {
			allowed = "`" + shape + "`"
		}
		b.WriteString("| `" + s.Key + "` | " + s.Value.TypeName() + " | " + def + " | " + allowed + " | " + s.Doc + " |\n")
	}
	return b.String()
}

// WithTable returns readme with the text between TableBegin and TableEnd
// replaced by Table().
func WithTable(readme string) (string, error) {
	begin := strings.Index(readme, TableBegin)
	end := strings.Index(readme, TableEnd)
	if begin < 0 || end < begin {
		return "", errors.New("the README has no " + TableBegin + " ... " + TableEnd + " block")
	}
	return readme[:begin+len(TableBegin)] + "\n" + Table() + readme[end:], nil
}
