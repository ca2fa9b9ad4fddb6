// Package check collects validation problems so that every bad value is
// reported at once, each naming the field, the received value and the rule.
//
// It is the public error type of this module: every exported validator and
// every Props.Validate returns an *Error (or adds to a Problems), so another
// module can inspect the problems with errors.As:
//
//	var e *check.Error
//	if errors.As(err, &e) {
//		for _, p := range e.Problems {
//			fmt.Println(p.Field, p.Rule)
//		}
//	}
//
// It is pure Go (no jsii): it recognises unresolved CDK tokens by their
// string and number encodings, so validation can skip them without asking
// the CDK runtime.
package check

import (
	"fmt"
	"math"
	"regexp"
	"strings"
)

// Problem is one rule broken by one value.
type Problem struct {
	// Field is the prop (or setting) holding the value, as the caller wrote
	// it: "BucketName" from storage.New, "Storage.BucketName" from
	// folders.New, "dataBucketName" from the app.
	Field string
	// Received is the value that breaks the rule, quoted in the message.
	Received any
	// Rule says what is allowed.
	Rule string
	// Refs are the other fields Rule names (such as "DomainNames" in
	// "must be set when DomainNames are"), so that renaming the problem
	// renames them in Rule too.
	Refs []string
}

// String renders the problem as `field: rule (received: "value")`.
func (p Problem) String() string {
	return fmt.Sprintf("%s: %s (received: %s)", p.Field, p.Rule, quote(p.Received))
}

// Renamed is p with its Field and Refs passed through rename, and each
// reference in Rule rewritten to match.
func (p Problem) Renamed(rename func(field string) string) Problem {
	out := p
	out.Field = rename(p.Field)
	out.Refs = make([]string, len(p.Refs))
	for i, ref := range p.Refs {
		out.Refs[i] = rename(ref)
		out.Rule = replaceWord(out.Rule, ref, out.Refs[i])
	}
	return out
}

// replaceWord replaces each occurrence of word in s that is not part of a
// longer name (letters, digits or dots on either side).
func replaceWord(s, word, with string) string {
	if word == with || word == "" {
		return s
	}
	re := regexp.MustCompile(`(^|[^\w.])` + regexp.QuoteMeta(word) + `($|[^\w.])`)
	return re.ReplaceAllString(s, "${1}"+strings.ReplaceAll(with, "$", "$$")+"${2}")
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

// Add records that field's received value breaks rule. refs are the other
// fields rule names, so that they are renamed with field (see Renamed).
func (ps *Problems) Add(field string, received any, rule string, refs ...string) {
	ps.list = append(ps.list, Problem{Field: field, Received: received, Rule: rule, Refs: refs})
}

// Merge appends the problems of err, which may be nil, an *Error or any
// other error (kept as one problem with no field).
func (ps *Problems) Merge(err error) {
	ps.MergeRenamed(err, func(f string) string { return f })
}

// MergeRenamed is Merge with each problem renamed (see Problem.Renamed):
// how a construct reports its part's problems under the names its caller
// used, such as Under("Storage").
func (ps *Problems) MergeRenamed(err error, rename func(field string) string) {
	if err == nil {
		return
	}
	e, ok := err.(*Error)
	if !ok {
		ps.list = append(ps.list, Problem{Field: "error", Received: err.Error(), Rule: "unexpected"})
		return
	}
	for _, p := range e.Problems {
		ps.list = append(ps.list, p.Renamed(rename))
	}
}

// Under prefixes fields with the name of the prop that holds them:
// Under("Storage") renames "BucketName" to "Storage.BucketName".
func Under(prefix string) func(string) string {
	return func(field string) string { return prefix + "." + field }
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

// LooksLikeToken reports whether s holds the text of a CDK string or list
// token ("${Token[...]}" or "#{Token[...]}"). Text a user typed (cdk.json,
// -c) never is one: the CDK would try to resolve it and fail.
func LooksLikeToken(s string) bool {
	return IsToken(s) || strings.Contains(s, "#{Token[")
}

// IsTokenNumber reports whether f is an unresolved CDK number token. The CDK
// encodes those as doubles near -1.8881545897087626e+289, far outside any
// real setting.
func IsTokenNumber(f float64) bool {
	return f < -1e289 && !math.IsInf(f, -1)
}

// FromPanic turns a recovered panic value into an error, so a program can
// report it as a message instead of a goroutine trace.
func FromPanic(r any) error {
	if err, ok := r.(error); ok {
		return err
	}
	return fmt.Errorf("%v", r)
}
