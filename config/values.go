package config

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/check"
)

// Value is where a setting's value goes and how it is read: a kind (the
// parser and the type the README shows) and an accessor to the prop.
type Value interface {
	// TypeName is the value's type as the README shows it.
	TypeName() string
	// Shape is the form of a JSON value, such as `{"name", "rules": [...]}`;
	// "" for other kinds.
	Shape() string
	// set parses raw and stores it in a's prop; it returns the rule raw
	// breaks, or "" when it was stored.
	set(a *App, raw any) string
	// field is a pointer to the prop in a (for its path, see propPath).
	field(a *App) any
	// secret reports whether a problem must not quote the raw value.
	secret() bool
}

// kind reads a context value of type T: cdk.json gives JSON types, -c
// key=value always a string.
type kind[T any] struct {
	name  string
	parse func(raw any) (T, string)
}

// typedValue is a Value: a kind and the prop it fills.
type typedValue[T any] struct {
	kind  kind[T]
	prop  func(a *App) *T
	shape string
}

func (v typedValue[T]) TypeName() string { return v.kind.name }
func (v typedValue[T]) Shape() string    { return v.shape }
func (v typedValue[T]) field(a *App) any { return v.prop(a) }
func (v typedValue[T]) secret() bool     { return v.shape != "" }
func (v typedValue[T]) set(a *App, raw any) string {
	parsed, rule := v.kind.parse(raw)
	if rule == "" {
		*v.prop(a) = parsed
	}
	return rule
}

// Text is a string setting stored in the prop prop returns (trimmed).
func Text(prop func(a *App) **string) Value { return typedValue[*string]{kind: textKind, prop: prop} }

// Flag is a boolean setting: true or false.
func Flag(prop func(a *App) **bool) Value { return typedValue[*bool]{kind: flagKind, prop: prop} }

// Whole is a whole-number setting.
func Whole(prop func(a *App) **float64) Value {
	return typedValue[*float64]{kind: wholeKind, prop: prop}
}

// Strings is a list setting: a JSON list of strings, or (from -c) a string
// holding a JSON list or comma-separated values; items are trimmed and
// empty ones dropped.
func Strings(prop func(a *App) **[]*string) Value {
	return typedValue[*[]*string]{kind: listKind, prop: prop}
}

// JSON is a JSON setting decoded into the prop's own type T, field names
// matching T's (lowerCamel in JSON); unknown fields are refused so a typo is
// not silently ignored, and a field that looks like a secret is refused
// without quoting it.
func JSON[T any](prop func(a *App) **T) Value {
	t := reflect.TypeFor[T]()
	name := "JSON object"
	if t.Kind() == reflect.Slice {
		name = "JSON list"
	}
	s := shapeOf(t)
	return typedValue[*T]{kind: kind[*T]{name: name, parse: func(raw any) (*T, string) { return decodeStrict[T](raw, s) }}, prop: prop, shape: s}
}

var textKind = kind[*string]{name: "string", parse: func(raw any) (*string, string) {
	s, ok := raw.(string)
	if !ok {
		return nil, "must be a string"
	}
	return jsii.String(strings.TrimSpace(s)), ""
}}

var flagKind = kind[*bool]{name: "boolean", parse: func(raw any) (*bool, string) {
	switch v := raw.(type) {
	case bool:
		return jsii.Bool(v), ""
	case string:
		switch strings.TrimSpace(v) {
		case "true":
			return jsii.Bool(true), ""
		case "false":
			return jsii.Bool(false), ""
		}
	}
	return nil, "must be true or false"
}}

var wholeKind = kind[*float64]{name: "integer", parse: func(raw any) (*float64, string) {
	f, ok := raw.(float64)
	if s, isString := raw.(string); isString {
		n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		f, ok = n, err == nil
	}
	if !ok || f != math.Trunc(f) || math.IsInf(f, 0) {
		return nil, "must be a whole number"
	}
	if check.IsTokenNumber(f) {
		return nil, tokenRule
	}
	return jsii.Number(f), ""
}}

var listKind = kind[*[]*string]{name: "list", parse: func(raw any) (*[]*string, string) {
	var items []string
	switch v := raw.(type) {
	case []any:
		for _, it := range v {
			s, ok := it.(string)
			if !ok {
				return nil, "must be a list of strings"
			}
			items = append(items, s)
		}
	case string:
		t := strings.TrimSpace(v)
		if strings.HasPrefix(t, "[") {
			if err := json.Unmarshal([]byte(t), &items); err != nil {
				return nil, "must be a JSON list of strings or comma-separated values"
			}
		} else if t != "" {
			items = strings.Split(t, ",")
		}
	default:
		return nil, "must be a list of strings"
	}
	out := make([]*string, 0, len(items))
	for _, it := range items {
		if s := strings.TrimSpace(it); s != "" {
			out = append(out, jsii.String(s))
		}
	}
	return &out, ""
}}

// decodeStrict decodes raw (a JSON string from -c, or what cdk.json holds)
// into a new T, refusing unknown fields.
func decodeStrict[T any](raw any, shape string) (*T, string) {
	text, ok := raw.(string)
	if !ok {
		b, err := json.Marshal(raw)
		if err != nil {
			return nil, "must be JSON of the form " + shape
		}
		text = string(b)
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	v := new(T)
	if err := dec.Decode(v); err != nil {
		if field, ok := unknownField(err); ok && strings.Contains(strings.ToLower(field), "secret") {
			return nil, fmt.Sprintf("must not hold the secret %q itself: cdk.json and the template are not secret. "+
				"Store it in AWS Secrets Manager and give that secret's name or ARN (clientSecretId)", field)
		}
		return nil, "must be JSON of the form " + shape + " (" + err.Error() + ")"
	}
	return v, ""
}

// unknownField is the field an unknown-field decoding error names.
func unknownField(err error) (string, bool) {
	const prefix = `json: unknown field "`
	msg := err.Error()
	if !strings.HasPrefix(msg, prefix) {
		return "", false
	}
	return strings.TrimSuffix(strings.TrimPrefix(msg, prefix), `"`), true
}

// shapeOf renders the JSON form of t from its fields, such as
// `[{"name", "precedence", "rules": [{"path", "permissions"}]}]`.
func shapeOf(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice:
		return "[" + shapeOf(t.Elem()) + "]"
	case reflect.Struct:
		fields := make([]string, 0, t.NumField())
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name := `"` + lowerFirst(f.Name) + `"`
			if inner := elem(f.Type); inner.Kind() == reflect.Struct {
				name += ": " + shapeOf(f.Type)
			}
			fields = append(fields, name)
		}
		return "{" + strings.Join(fields, ", ") + "}"
	}
	return ""
}

// elem is t without its pointers and slices.
func elem(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// tokenRule refuses text that looks like a CDK token.
const tokenRule = "must not look like a CDK token (${Token[…]}): values from cdk.json and -c are plain text, never deploy-time values"

// holdsToken reports whether raw (as cdk.json or -c gives it) holds the
// text of a CDK token anywhere.
func holdsToken(raw any) bool {
	switch v := raw.(type) {
	case string:
		return check.LooksLikeToken(v)
	case []any:
		for _, x := range v {
			if holdsToken(x) {
				return true
			}
		}
	case map[string]any:
		for k, x := range v {
			if check.LooksLikeToken(k) || holdsToken(x) {
				return true
			}
		}
	}
	return false
}
