package check

import (
	"fmt"
	"math"
	"strings"
)

// Rule is what a prop accepts and what it is when unset, as values: a part
// exports one per prop with a default or a range, applies it in its own
// defaults and validation, and generated documentation (such as the app's
// README table) reads the same value, so the docs state what the code
// enforces.
type Rule interface {
	// DefaultText is the default as documentation shows it: a value in
	// backticks ("`60`") or a behaviour ("off").
	DefaultText() string
	// AllowedText is what the prop accepts ("5–1440", "`off`, `optional`");
	// "" when the rule has no range or list.
	AllowedText() string
}

// Whole is the rule of a whole-number prop: a range and a default.
type Whole struct {
	// Min and Max bound the value, both included.
	Min, Max float64
	// Default is the value of an unset prop.
	Default float64
	// Unset, when the prop has no default value, says what leaving it
	// unset means (such as "off"); Default is then unused.
	Unset string
}

// Or returns v, or the default when v is nil.
func (w Whole) Or(v *float64) *float64 { return or(v, w.Default) }

// Check adds a problem unless v is a whole number from Min to Max.
// Unresolved number tokens are skipped.
func (w Whole) Check(ps *Problems, field string, v float64) {
	if IsTokenNumber(v) {
		return
	}
	if v < w.Min || v > w.Max || v != math.Trunc(v) {
		ps.Add(field, v, fmt.Sprintf("must be a whole number from %g to %g", w.Min, w.Max))
	}
}

// DefaultText is the default in backticks, or what unset means.
func (w Whole) DefaultText() string {
	if w.Unset != "" {
		return w.Unset
	}
	return fmt.Sprintf("`%g`", w.Default)
}

// AllowedText is the range, such as "5–1440".
func (w Whole) AllowedText() string {
	return fmt.Sprintf("%s–%s", thousands(w.Min), thousands(w.Max))
}

// thousands renders a whole number with thousands separators.
func thousands(f float64) string {
	s := fmt.Sprintf("%.0f", f)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Choice is the rule of a prop that takes one of a few words.
type Choice struct {
	// Allowed are the accepted values.
	Allowed []string
	// Default is the value of an unset prop.
	Default string
	// Why, when set, is added to the problem to say why other values are
	// refused.
	Why string
}

// Or returns v, or the default when v is nil.
func (c Choice) Or(v *string) *string { return or(v, c.Default) }

// Check adds a problem unless v is one of Allowed.
func (c Choice) Check(ps *Problems, field, v string) {
	for _, a := range c.Allowed {
		if v == a {
			return
		}
	}
	rule := "must be one of " + strings.Join(c.Allowed, ", ")
	if c.Why != "" {
		rule += ": " + c.Why
	}
	ps.Add(field, v, rule)
}

// DefaultText is the default in backticks.
func (c Choice) DefaultText() string { return "`" + c.Default + "`" }

// AllowedText lists the values in backticks.
func (c Choice) AllowedText() string { return "`" + strings.Join(c.Allowed, "`, `") + "`" }

// Flag is the rule of a boolean prop: its default.
type Flag struct {
	// Default is the value of an unset prop.
	Default bool
}

// Or returns v, or the default when v is nil.
func (f Flag) Or(v *bool) *bool { return or(v, f.Default) }

// DefaultText is the default in backticks.
func (f Flag) DefaultText() string { return fmt.Sprintf("`%t`", f.Default) }

// AllowedText is empty: a boolean takes true or false.
func (f Flag) AllowedText() string { return "" }

// Text is the rule of a string prop whose value is checked by code (a
// pattern, a URL) rather than a list: its default, or what unset means.
type Text struct {
	// Default is the value of an unset prop.
	Default string
	// Unset, when the prop has no fixed default, says what leaving it
	// unset means (such as "<stack name slug>-<account id>" or "off").
	Unset string
}

// Or returns v, or the default when v is nil.
func (t Text) Or(v *string) *string { return or(v, t.Default) }

// DefaultText is the default in backticks, or what unset means.
func (t Text) DefaultText() string {
	if t.Unset != "" {
		return t.Unset
	}
	return "`" + t.Default + "`"
}

// AllowedText is empty: the prop's validation states its pattern.
func (t Text) AllowedText() string { return "" }

// or is v, or a pointer to a copy of d when v is nil.
func or[T any](v *T, d T) *T {
	if v != nil {
		return v
	}
	return &d
}
