// Package policies builds the IAM policy statements that give each Cognito
// identity its own folder in the data bucket.
//
// It is pure Go with no jsii import: rules in, policy documents out. The
// constructs turn its statements into CDK policy objects; its own tests run
// in milliseconds.
package policies

import (
	"encoding/json"
	"sort"
)

// Statement is one IAM policy statement, always with effect Allow: this
// package grants only what a rule names, nothing is granted by default.
type Statement struct {
	// Sid names the statement (letters and digits only, as IAM requires).
	Sid string
	// Actions are the IAM actions granted, such as "s3:GetObject".
	Actions []string
	// Resources are the ARNs the actions apply to.
	Resources []string
	// Conditions maps an operator (such as "StringLike") to condition keys and their values.
	Conditions map[string]map[string][]string
}

// JSON renders the statement in IAM's JSON form, with actions sorted so that
// the output is deterministic.
func (s Statement) JSON() map[string]any {
	actions := append([]string(nil), s.Actions...)
	sort.Strings(actions)
	out := map[string]any{
		"Sid":      s.Sid,
		"Effect":   "Allow",
		"Action":   actions,
		"Resource": append([]string(nil), s.Resources...),
	}
	if len(s.Conditions) > 0 {
		cond := map[string]any{}
		for op, keys := range s.Conditions {
			m := map[string]any{}
			for k, v := range keys {
				m[k] = append([]string(nil), v...)
			}
			cond[op] = m
		}
		out["Condition"] = cond
	}
	return out
}

// Document renders statements as an IAM policy document.
func Document(statements []Statement) map[string]any {
	rendered := make([]any, len(statements))
	for i, s := range statements {
		rendered[i] = s.JSON()
	}
	return map[string]any{"Version": "2012-10-17", "Statement": rendered}
}

// DocumentJSON renders statements as an indented IAM policy document.
func DocumentJSON(statements []Statement) string {
	b, _ := json.MarshalIndent(Document(statements), "", "  ") // maps of strings always marshal
	return string(b)
}
