package test

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/internal/nag"
)

// idOf is the logical id of a construct's CloudFormation resource in s, so
// tests find resources through the Go handles instead of typed hashes.
func idOf(c constructs.IConstruct) string { return nag.LogicalID(c) }

// resource returns the resource of type typ with logical id id, failing when
// there is none.
func resource(t testing.TB, s *synthesized, typ, id string) map[string]any {
	r, ok := resources(t, s, typ)[id]
	require.True(t, ok, "no %s with logical id %s", typ, id)
	return r
}

// path walks nested maps by keys, returning nil when a key is missing.
func path(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// list returns v as a list: a list as it is, nil as empty, anything else as
// a one-element list (IAM and CloudFormation accept both forms).
func list(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	default:
		return []any{x}
	}
}

// strs returns the string elements of list(v).
func strs(v any) []string {
	var out []string
	for _, x := range list(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// render turns a template value into one string: literals as they are,
// Fn::Join parts concatenated, {"Ref": X} as "<X>", {"Fn::GetAtt": [X, A]}
// as "<X.A>" and {"Fn::Sub": S} as S. Other intrinsics render as
// "<?name?>" so that they cannot pass for a literal.
func render(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64, bool, int:
		return fmt.Sprint(x)
	case map[string]any:
		if ref, ok := x["Ref"].(string); ok {
			return "<" + ref + ">"
		}
		if att, ok := x["Fn::GetAtt"].([]any); ok && len(att) == 2 {
			return fmt.Sprintf("<%v.%v>", att[0], att[1])
		}
		if join, ok := x["Fn::Join"].([]any); ok && len(join) == 2 {
			parts := make([]string, 0, len(list(join[1])))
			for _, p := range list(join[1]) {
				parts = append(parts, render(p))
			}
			return strings.Join(parts, join[0].(string))
		}
		if sub, ok := x["Fn::Sub"].(string); ok {
			return sub
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return "<?" + strings.Join(keys, ",") + "?>"
	}
	return fmt.Sprintf("<?%T?>", v)
}

// refersTo reports whether v holds, anywhere inside it, a Ref to id or an
// Fn::GetAtt of one of id's attributes.
func refersTo(v any, id string) bool {
	switch x := v.(type) {
	case map[string]any:
		if x["Ref"] == id {
			return true
		}
		if att, ok := x["Fn::GetAtt"].([]any); ok && len(att) > 0 && att[0] == id {
			return true
		}
		for _, child := range x {
			if refersTo(child, id) {
				return true
			}
		}
	case []any:
		for _, child := range x {
			if refersTo(child, id) {
				return true
			}
		}
	}
	return false
}

// iamStatement is one statement of an identity policy in the template, with
// where it comes from.
type iamStatement struct {
	// source is "<logical id> (<type>)" of the policy or role holding it.
	source string
	// policyID is the logical id of the AWS::IAM::Policy, ManagedPolicy or Role.
	policyID string
	// body is the statement as the template has it.
	body map[string]any
}

// iamStatements returns every statement of every identity policy in the
// template: AWS::IAM::Policy, AWS::IAM::ManagedPolicy and the inline
// Policies of AWS::IAM::Role (trust policies are not permissions and are
// left out).
func iamStatements(t testing.TB, s *synthesized) []iamStatement {
	var out []iamStatement
	add := func(id, typ string, doc any) {
		for _, st := range list(path(doc, "Statement")) {
			out = append(out, iamStatement{source: id + " (" + typ + ")", policyID: id, body: st.(map[string]any)})
		}
	}
	for _, typ := range []string{"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"} {
		for id, r := range resources(t, s, typ) {
			add(id, typ, props(r)["PolicyDocument"])
		}
	}
	for id, r := range resources(t, s, "AWS::IAM::Role") {
		for _, p := range list(props(r)["Policies"]) {
			add(id, "AWS::IAM::Role inline", path(p, "PolicyDocument"))
		}
	}
	require.NotEmpty(t, out, "the template has no identity policy statements at all")
	return out
}

// identityRoles are the logical ids of the roles the identity pool's
// identities assume (trusted by cognito-identity.amazonaws.com): the
// authenticated, guest and group roles.
func identityRoles(t testing.TB, s *synthesized) map[string]bool {
	out := map[string]bool{}
	for id, r := range resources(t, s, "AWS::IAM::Role") {
		for _, st := range list(path(props(r), "AssumeRolePolicyDocument", "Statement")) {
			if path(st, "Principal", "Federated") == "cognito-identity.amazonaws.com" {
				out[id] = true
			}
		}
	}
	require.NotEmpty(t, out, "no role trusted by the identity pool")
	return out
}

// identityStatements are the statements of every identity policy attached
// to an identity role (see identityRoles), inline or managed.
func identityStatements(t testing.TB, s *synthesized) []iamStatement {
	roles := identityRoles(t, s)
	attached := map[string]bool{}
	for _, typ := range []string{"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"} {
		for id, r := range resources(t, s, typ) {
			for role := range roles {
				if refersTo(props(r)["Roles"], role) {
					attached[id] = true
				}
			}
		}
	}
	var out []iamStatement
	for _, st := range iamStatements(t, s) {
		if attached[st.policyID] || roles[st.policyID] {
			out = append(out, st)
		}
	}
	return out
}

// actionMatches reports whether an IAM action pattern (which may hold the
// wildcards * and ?) grants action, case-insensitively as IAM compares them.
func actionMatches(pattern, action string) bool {
	re := "(?i)^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(pattern)) + "$"
	return regexp.MustCompile(re).MatchString(action)
}

// named is a synthesized configuration and the name subtests use for it.
type named struct {
	name string
	s    *synthesized
}

// both is the default and the every-key-set configuration, in that order,
// for checks that must hold whatever the settings.
func both(t testing.TB) []named {
	return []named{{"defaults", defaults(t)}, {"variant", variant(t)}}
}
