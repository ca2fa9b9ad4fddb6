package test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// suppressions returns every cdk-nag suppression in the template's resource
// metadata, by the logical id of the resource carrying it.
func suppressions(t testing.TB, s *synthesized) map[string][]map[string]any {
	out := map[string][]map[string]any{}
	all := (*s.template.ToJSON())["Resources"].(map[string]any)
	for id, r := range all {
		for _, rule := range list(path(r, "Metadata", "cdk_nag", "rules_to_suppress")) {
			out[id] = append(out[id], rule.(map[string]any))
		}
	}
	return out
}

func TestNag(t *testing.T) {
	for _, c := range both(t) {
		s := c.s
		t.Run(c.name+": fails when the AwsSolutions pack did not run", func(t *testing.T) {
			packRan(t, s, "AwsSolutions")
		})
		t.Run(c.name+": fails when an AwsSolutions rule has an unsuppressed error", func(t *testing.T) {
			findings := assertions.Annotations_FromStack(s.stack.Stack).
				FindError(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-.*")))
			for _, f := range *findings {
				t.Errorf("%s: %v", *f.Id, f.Entry.Data)
			}
		})
		t.Run(c.name+": fails when a suppression has no real reason", func(t *testing.T) {
			all := suppressions(t, s)
			require.NotEmpty(t, all)
			for id, rules := range all {
				for _, r := range rules {
					reason, _ := r["reason"].(string)
					assert.GreaterOrEqual(t, len(strings.TrimSpace(reason)), 20, "%s: %v has reason %q", id, r["id"], reason)
				}
			}
		})
		t.Run(c.name+": the owner policy's wildcard suppression names only the identity's folder", func(t *testing.T) {
			policyID := idOf(s.stack.System.Storage.OwnerPolicy)
			dataID, _ := dataBucket(t, s)
			var iam5 []map[string]any
			for _, r := range suppressions(t, s)[policyID] {
				if r["id"] == "AwsSolutions-IAM5" {
					iam5 = append(iam5, r)
				}
			}
			require.Len(t, iam5, 1)
			assert.Equal(t, []string{
				"Resource::<" + dataID + ".Arn>/" + ownerPrefixes[c.name] + "<cognito-identity.amazonaws.com:sub>/*",
			}, strs(iam5[0]["applies_to"]))
		})
	}
}
