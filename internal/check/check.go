// Package check collects validation problems so that every bad value is
// reported at once, each naming the field, the received value and the rule.
//
// It is pure Go (no jsii): it recognises unresolved CDK tokens by their
// string and number encodings, so validation can skip them without asking
// the CDK runtime.
package check

import (
	"fmt"
	"math"
	"strings"
)

// Problem is one rule broken by one value.
type Problem struct {
	// Field is the name of the setting, as the user wrote it (a prop or a context key).
	Field string
	// Received is the value that breaks the rule, quoted in the message.
	Received any
	// Rule says what is allowed.
	Rule string
}

// String renders the problem as `field: rule (received: "value")`.
func (p Problem) String() string {
	return fmt.Sprintf("%s: %s (received: %s)", p.Field, p.Rule, quote(p.Received))
}

func quote(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case *string:
		if x == nil {
			return "nil"
		}
		return fmt.Sprintf("%q", *x)
	case *float64:
		if x == nil {
			return "nil"
		}
		return fmt.Sprint(*x)
	case []string:
		return fmt.Sprintf("%q", x)
	default:
		return fmt.Sprint(x)
	}
}

// Error is every problem found in one validation, reported together.
type Error struct {
	// Problems lists each broken rule in the order it was found.
	Problems []Problem
}

// Error renders one line per problem.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Problems collects problems; its zero value is ready to use.
type Problems struct {
	list []Problem
}

// Add records that field's received value breaks rule.
func (ps *Problems) Add(field string, received any, rule string) {
	ps.list = append(ps.list, Problem{Field: field, Received: received, Rule: rule})
}

// Merge appends the problems of err, which may be nil, an *Error or any
// other error (kept as one problem with no field).
func (ps *Problems) Merge(err error) {
	if err == nil {
		return
	}
	if e, ok := err.(*Error); ok {
		ps.list = append(ps.list, e.Problems...)
		return
	}
	ps.list = append(ps.list, Problem{Field: "error", Received: err.Error(), Rule: "unexpected"})
}

// MergeRenamed is Merge, with each problem's field renamed by renames (a
// part's prop name → the name the user wrote, such as a context key).
func (ps *Problems) MergeRenamed(err error, renames map[string]string) {
	var inner Problems
	inner.Merge(err)
	for _, p := range inner.list {
		if to, ok := renames[p.Field]; ok {
			p.Field = to
		}
		ps.list = append(ps.list, p)
	}
}

// Err returns nil when nothing was added, or an *Error with every problem,
// each reported once however many parts found it.
func (ps *Problems) Err() error {
	if len(ps.list) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var unique []Problem
	for _, p := range ps.list {
		if key := p.String(); !seen[key] {
			seen[key] = true
			unique = append(unique, p)
		}
	}
	return &Error{Problems: unique}
}

// IsToken reports whether s holds an unresolved CDK token (a value known
// only at deploy time, such as a resource attribute or a pseudo-parameter).
// Such values cannot be checked at synth time and validation skips them.
func IsToken(s string) bool {
	return strings.Contains(s, "${Token[")
}

// IsTokenNumber reports whether f is an unresolved CDK number token. The CDK
// encodes those as doubles near -1.8881545897087626e+289, far outside any
// real setting.
func IsTokenNumber(f float64) bool {
	return f < -1e289 && !math.IsInf(f, -1)
}

// OneOf adds a problem unless v is one of allowed.
func (ps *Problems) OneOf(field, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	ps.Add(field, v, "must be one of "+strings.Join(allowed, ", "))
}

// WholeInRange adds a problem unless v is a whole number from lo to hi.
// Unresolved number tokens are skipped.
func (ps *Problems) WholeInRange(field string, v, lo, hi float64) {
	if IsTokenNumber(v) {
		return
	}
	if v < lo || v > hi || v != math.Trunc(v) {
		ps.Add(field, v, fmt.Sprintf("must be a whole number from %g to %g", lo, hi))
	}
}

// FromPanic turns a recovered panic value into an error, so a program can
// report it as a message instead of a goroutine trace.
func FromPanic(r any) error {
	if err, ok := r.(error); ok {
		return err
	}
	return fmt.Errorf("%v", r)
}
