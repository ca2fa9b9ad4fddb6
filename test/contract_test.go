package test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/stretchr/testify/assert"
)

// statefulTypes are the resource types that hold users or their files.
var statefulTypes = map[string]bool{
	"AWS::Cognito::UserPool":       true,
	"AWS::Cognito::UserPoolDomain": true,
	"AWS::Cognito::IdentityPool":   true,
	"AWS::S3::Bucket":              true,
}

// pinnedLogicalIDs are the logical ids of the stateful resources in the
// default configuration, by construct path, as deployed stacks have them.
//
// DO NOT "fix" this map when the test fails. A changed logical id makes
// CloudFormation create a new resource and drop the old one from the stack:
// a new user pool (every user must sign up again; identity ids change, so
// every folder is orphaned), a new identity pool (same), or a new, empty
// bucket while the retained old one, with every user's files, is left
// outside the stack. Keep the construct ids and the tree stable instead, or
// plan a migration.
var pinnedLogicalIDs = map[string]string{
	"PrivateFolders/Folders/Auth/UserPool/Resource":        "FoldersAuthUserPoolCF8F3F84",
	"PrivateFolders/Folders/Auth/UserPool/Domain/Resource": "FoldersAuthUserPoolDomainDF348809",
	"PrivateFolders/Folders/Auth/IdentityPool/Resource":    "FoldersAuthIdentityPool62D97D81",
	"PrivateFolders/Folders/Storage/DataBucket/Resource":   "FoldersStorageDataBucket9E5FA68B",
	"PrivateFolders/Folders/Site/LogsBucket/Resource":      "FoldersSiteLogsBucket29D13341",
	"PrivateFolders/Folders/Site/Bucket/Resource":          "FoldersSiteBucketDFD8DEA4",
}

// statefulResources maps the construct path of every stateful resource in
// s's stack to its logical id and type, read from the construct tree (the
// source of the aws:cdk:path metadata the CLI adds).
func statefulResources(s *synthesized) map[string][2]string {
	out := map[string][2]string{}
	for _, c := range *s.stack.Node().FindAll(constructs.ConstructOrder_PREORDER) {
		res, ok := c.(awscdk.CfnResource)
		if !ok || !*awscdk.CfnResource_IsCfnResource(c) || !statefulTypes[*res.CfnResourceType()] {
			continue
		}
		out[*c.Node().Path()] = [2]string{*s.stack.GetLogicalId(res), *res.CfnResourceType()}
	}
	return out
}

func TestStatefulLogicalIDs(t *testing.T) {
	s := defaults(t)
	found := statefulResources(s)
	t.Run("fails when a stateful resource's logical id or path changes", func(t *testing.T) {
		for p, id := range pinnedLogicalIDs {
			got, ok := found[p]
			if assert.True(t, ok, "no stateful resource at %s any more", p) {
				assert.Equal(t, id, got[0], "logical id of %s", p)
				assert.Contains(t, resources(t, s, got[1]), id, "the template has no %s %s", got[1], id)
			}
		}
	})
	t.Run("fails when a stateful resource is not pinned", func(t *testing.T) {
		for p, r := range found {
			assert.Contains(t, pinnedLogicalIDs, p, "%s %s (%s) is stateful: pin its logical id here", r[1], r[0], p)
		}
	})
}
