package test

import (
	"encoding/json"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/policies"
)

// replacementForcing are the properties of the stateful resource types
// whose change makes CloudFormation replace the resource (a new, empty user
// pool or bucket). Sources: the resource provider schemas'
// createOnlyProperties (shared/cfn-schemas, cfn-lint 2026-06-15) and, for
// AWS::Cognito::UserPool, whose schema lists none, the CloudFormation
// documentation's "Update requires: Replacement". README "Data safety"
// lists the same.
var replacementForcing = map[string][]string{
	"AWS::Cognito::UserPool":       {"UsernameAttributes", "AliasAttributes", "UsernameConfiguration", "Schema"},
	"AWS::Cognito::UserPoolDomain": {"Domain", "UserPoolId"},
	"AWS::Cognito::IdentityPool":   {},
	"AWS::S3::Bucket":              {"BucketName", "BucketNamePrefix", "BucketNamespace", "ObjectLockEnabled"},
}

func TestOrdinaryChangesKeepData(t *testing.T) {
	before, after := defaults(t), levels(t)
	for path, r := range statefulResources(before) {
		id, typ := r[0], r[1]
		t.Run("fails when ordinary settings replace "+path, func(t *testing.T) {
			a, ok := statefulResources(after)[path]
			require.True(t, ok, "%s is gone", path)
			require.Equal(t, id, a[0], "the logical id of %s changed", path)
			old, cur := resource(t, before, typ, id), resource(t, after, typ, id)
			for _, prop := range replacementForcing[typ] {
				assert.Equal(t, props(old)[prop], props(cur)[prop], "%s of %s changed: CloudFormation would replace it", prop, path)
			}
		})
	}
	t.Run("the list covers every stateful type", func(t *testing.T) {
		for typ := range statefulTypes {
			assert.Contains(t, replacementForcing, typ)
		}
	})
}

// deletionPolicies maps the logical id of every resource holding users or
// files to its DeletionPolicy. The managed-login domain is left out: it
// holds only its name, and deleting it with its user pool frees the name
// for a later deploy.
func deletionPolicies(t testing.TB, s *synthesized) map[string]any {
	out := map[string]any{}
	for _, r := range statefulResources(s) {
		if r[1] == "AWS::Cognito::UserPoolDomain" {
			continue
		}
		out[r[0]] = resource(t, s, r[1], r[0])["DeletionPolicy"]
	}
	return out
}

func TestDestroyOnRemoval(t *testing.T) {
	t.Run("fails when any setting but destroyOnRemoval lets a stateful resource go", func(t *testing.T) {
		for _, c := range []named{{"defaults", defaults(t)}, {"variant", variant(t)}, {"levels", levels(t)}, {"fullest", fullest(t)}} {
			for id, policy := range deletionPolicies(t, c.s) {
				assert.Equal(t, "Retain", policy, "%s: %s", c.name, id)
			}
			has(c.s, "AWS::Cognito::UserPool", map[string]any{"DeletionProtection": "ACTIVE"})
			c.s.template.ResourceCountIs(jsii.String("Custom::S3AutoDeleteObjects"), jsii.Number(0))
		}
	})
	s := disposable(t)
	t.Run("destroyOnRemoval deletes every stateful resource with the stack", func(t *testing.T) {
		for id, policy := range deletionPolicies(t, s) {
			assert.Equal(t, "Delete", policy, id)
		}
		has(s, "AWS::Cognito::UserPool", map[string]any{"DeletionProtection": "INACTIVE"})
	})
	t.Run("and empties every bucket first", func(t *testing.T) {
		buckets := resources(t, s, "AWS::S3::Bucket")
		emptied := map[string]bool{}
		for _, r := range resources(t, s, "Custom::S3AutoDeleteObjects") {
			emptied[path(props(r), "BucketName", "Ref").(string)] = true
		}
		for id := range buckets {
			assert.True(t, emptied[id], "bucket %s is not emptied before deletion", id)
		}
	})
}

func TestOptionalProtection(t *testing.T) {
	s := fullest(t)
	sys := s.stack.System
	dataID := idOf(sys.Storage.Bucket)
	t.Run("continuous backups of the data bucket, 35 days of point-in-time restore, retained vault", func(t *testing.T) {
		has(s, "AWS::Backup::BackupPlan", map[string]any{"BackupPlan": map[string]any{"BackupPlanRule": []any{map[string]any{
			"EnableContinuousBackup": true,
			"Lifecycle":              map[string]any{"DeleteAfterDays": 35},
		}}}})
		_, sel := only(t, s, "AWS::Backup::BackupSelection")
		assert.True(t, refersTo(path(props(sel), "BackupSelection", "Resources"), dataID))
		_, vault := only(t, s, "AWS::Backup::BackupVault")
		assert.Equal(t, "Retain", vault["DeletionPolicy"])
	})
	t.Run("replication of every object and delete marker to the replica bucket", func(t *testing.T) {
		rules := path(props(resource(t, s, "AWS::S3::Bucket", dataID)), "ReplicationConfiguration", "Rules").([]any)
		require.Len(t, rules, 1)
		assert.Equal(t, "arn:aws:s3:::privatefolders-replica-eu-west-1", path(rules[0], "Destination", "Bucket"))
		assert.Equal(t, "Enabled", path(rules[0], "DeleteMarkerReplication", "Status"))
	})
	t.Run("CloudTrail data events for the data bucket's objects", func(t *testing.T) {
		_, trail := only(t, s, "AWS::CloudTrail::Trail")
		doc, _ := json.Marshal(props(trail)["EventSelectors"])
		assert.Contains(t, string(doc), `"Type":"AWS::S3::Object"`)
		assert.True(t, refersTo(props(trail)["EventSelectors"], dataID))
		assert.Equal(t, true, props(trail)["EnableLogFileValidation"])
	})
	t.Run("Object Lock in governance mode", func(t *testing.T) {
		has(s, "AWS::S3::Bucket", map[string]any{
			"ObjectLockEnabled": true,
			"ObjectLockConfiguration": map[string]any{"ObjectLockEnabled": "Enabled", "Rule": map[string]any{
				"DefaultRetention": map[string]any{"Mode": "GOVERNANCE", "Days": 30},
			}},
		})
	})
	t.Run("a web ACL with a rate limit and managed rules guards the site, and logs", func(t *testing.T) {
		_, acl := only(t, s, "AWS::WAFv2::WebACL")
		doc, _ := json.Marshal(props(acl)["Rules"])
		for _, want := range []string{"RateBasedStatement", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"} {
			assert.Contains(t, string(doc), want)
		}
		assert.Equal(t, "CLOUDFRONT", props(acl)["Scope"])
		_, dist := only(t, s, "AWS::CloudFront::Distribution")
		assert.True(t, refersTo(path(props(dist), "DistributionConfig", "WebACLId"), idOf(sys.Site.WebACL)))
		s.template.ResourceCountIs(jsii.String("AWS::WAFv2::LoggingConfiguration"), jsii.Number(1))
	})
	t.Run("none of it without asking", func(t *testing.T) {
		d := defaults(t)
		for _, typ := range []string{"AWS::Backup::BackupPlan", "AWS::CloudTrail::Trail", "AWS::WAFv2::WebACL"} {
			d.template.ResourceCountIs(jsii.String(typ), jsii.Number(0))
		}
		assert.Nil(t, path(props(resource(t, d, "AWS::S3::Bucket", idOf(d.stack.System.Storage.Bucket))), "ReplicationConfiguration"))
	})
}

// versionActions are what must never be granted to an identity: deleting
// old versions (a user's deleted or overwritten files stay restorable, and
// are not theirs to purge), and turning versioning, the lifecycle or
// Object Lock's governance off. Reading and listing old versions is the
// owner's, in its own folder only (TestOwnVersions).
var versionActions = []string{
	"s3:DeleteObjectVersion", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration", "s3:BypassGovernanceRetention",
	"s3:PutObjectRetention", "s3:PutObjectLegalHold",
}

func TestNoVersionAccess(t *testing.T) {
	for _, c := range allConfigs(t) {
		t.Run(c.name+": fails when an identity may delete an object version or stop versioning, or reach versions by a wildcard", func(t *testing.T) {
			statements := identityStatements(t, c.s)
			require.NotEmpty(t, statements, "no identity has any grant: the check would pass for nothing")
			for _, st := range statements {
				for _, pattern := range strs(st.body["Action"]) {
					for _, a := range versionActions {
						assert.False(t, actionMatches(pattern, a), "%s grants %s (as %q)", st.source, a, pattern)
					}
					// Reading and listing old versions: only by name, in the owner policy (TestOwnVersions: own folder only).
					for _, a := range policies.OwnerVersionActions {
						if actionMatches(pattern, a) {
							assert.Equal(t, a, pattern, "%s grants %s by a wildcard", st.source, a)
						}
					}
				}
			}
		})
	}
	t.Run("the action match sees through wildcards", func(t *testing.T) {
		assert.True(t, actionMatches("s3:Delete*", "s3:DeleteObjectVersion"))
		assert.True(t, actionMatches("s3:*Version*", "s3:GetObjectVersion"))
		assert.False(t, actionMatches("s3:DeleteObject", "s3:DeleteObjectVersion"))
	})
}
