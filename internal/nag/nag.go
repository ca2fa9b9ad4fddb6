// Package nag records cdk-nag rule suppressions on resources, each with the
// reason a reviewer can check.
//
// It writes the "cdk_nag" resource metadata that cdk-nag reads (the same
// format NagSuppressions.addResourceSuppressions writes), so the library
// does not load cdk-nag at synth time: only the tests that run the rule
// packs do.
package nag

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Rule is one suppressed cdk-nag finding.
type Rule struct {
	// ID is the rule, such as "AwsSolutions-IAM5".
	ID string
	// Reason says why the finding is acceptable here; cdk-nag requires one.
	Reason string
	// AppliesTo narrows a granular rule to these findings: finding ids as
	// cdk-nag prints them (such as "Action::s3:GetObject*"), or Regex(...)
	// patterns. Empty suppresses every finding of the rule on the resource.
	AppliesTo []any
}

// Suppress records rules on c's CloudFormation resource (c itself, or its
// default child for an L2 construct). It panics when c has none, which is a
// programming error.
func Suppress(c constructs.IConstruct, rules ...Rule) {
	res := cfnResource(c)
	entries := existing(res)
	for _, r := range rules {
		if len(r.Reason) < 10 {
			panic(fmt.Sprintf("nag: suppression of %s on %s needs a real reason", r.ID, *c.Node().Path()))
		}
		e := map[string]any{"id": r.ID, "reason": r.Reason}
		if len(r.AppliesTo) > 0 {
			e["applies_to"] = r.AppliesTo
		}
		entries = append(entries, e)
	}
	res.AddMetadata(jsii.String("cdk_nag"), map[string]any{"rules_to_suppress": entries})
}

// Regex matches finding ids by a JavaScript regular expression literal,
// such as `/^Resource::arn:.*:s3:::cdk-[a-z0-9]+-assets-.*\/\*$/g`.
func Regex(pattern string) map[string]string {
	return map[string]string{"regex": pattern}
}

// Finding renders a resource ARN or action as cdk-nag names it in a finding
// id: policy variables such as ${aws:username} become <aws:username>.
func Finding(kind, value string) string {
	return kind + "::" + strings.NewReplacer("${", "<", "}", ">").Replace(value)
}

func cfnResource(c constructs.IConstruct) awscdk.CfnResource {
	if r, ok := c.(awscdk.CfnResource); ok {
		return r
	}
	if child := c.Node().DefaultChild(); child != nil {
		if r, ok := child.(awscdk.CfnResource); ok {
			return r
		}
	}
	panic(fmt.Sprintf("nag: %s has no CloudFormation resource to suppress rules on", *c.Node().Path()))
}

func existing(res awscdk.CfnResource) []any {
	md, ok := res.GetMetadata(jsii.String("cdk_nag")).(map[string]any)
	if !ok {
		return nil
	}
	list, _ := md["rules_to_suppress"].([]any)
	return list
}

// LogicalID is the CloudFormation logical id of c's resource, as cdk-nag
// names it in findings ("<LogicalId.Arn>").
func LogicalID(c constructs.IConstruct) string {
	return *awscdk.Stack_Of(c).GetLogicalId(cfnResource(c))
}

// CompliancePacks are the rule-id prefixes of the compliance packs the
// project passes besides AwsSolutions.
var CompliancePacks = []string{"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"}

// ForPacks is the same suppression of rule (such as "LambdaInsideVPC") in
// every compliance pack that has it; packs without the rule ignore it.
func ForPacks(rule, reason string) []Rule {
	rules := make([]Rule, len(CompliancePacks))
	for i, pack := range CompliancePacks {
		rules[i] = Rule{ID: pack + "-" + rule, Reason: reason}
	}
	return rules
}
