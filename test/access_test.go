package test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/constructs/folders"
	"github.com/privatefolders/privatefolders/internal/compliance"
)

// levelsContext turns on every access option and changes the ordinary
// settings (see compliance.Levels).
var levelsContext = compliance.Levels()

// levels is the every-access-option configuration.
var levels = configuration("levels", levelsContext)

// reachableRoles are the logical ids of every role an identity of the pool
// can get: the attachment's authenticated role and every group's role.
func reachableRoles(t testing.TB, s *synthesized) []string {
	_, att := only(t, s, "AWS::Cognito::IdentityPoolRoleAttachment")
	ids := []string{path(props(att), "Roles", "authenticated", "Fn::GetAtt").([]any)[0].(string)}
	for _, g := range resources(t, s, "AWS::Cognito::UserPoolGroup") {
		ids = append(ids, path(props(g), "RoleArn", "Fn::GetAtt").([]any)[0].(string))
	}
	return ids
}

func TestGroupsKeepOwnerAccess(t *testing.T) {
	for _, c := range []named{{"defaults", defaults(t)}, {"levels", levels(t)}} {
		t.Run(c.name+": every role reachable through the identity pool carries the owner policy", func(t *testing.T) {
			owner := resource(t, c.s, "AWS::IAM::ManagedPolicy", idOf(c.s.stack.System.Storage.OwnerPolicy))
			var attached []string
			for _, r := range list(props(owner)["Roles"]) {
				attached = append(attached, r.(map[string]any)["Ref"].(string))
			}
			roles := reachableRoles(t, c.s)
			assert.Len(t, roles, 1+len(c.s.stack.System.Auth.GroupRoles))
			assert.ElementsMatch(t, roles, attached)
		})
	}
}

func TestGroups(t *testing.T) {
	s := levels(t)
	sys := s.stack.System
	t.Run("each group has its own role and precedence", func(t *testing.T) {
		for name, prec := range map[string]int{"auditors": 1, "editors": 2} {
			has(s, "AWS::Cognito::UserPoolGroup", map[string]any{
				"GroupName":  name,
				"Precedence": prec,
				"RoleArn":    map[string]any{"Fn::GetAtt": []any{idOf(sys.Auth.GroupRoles[name]), "Arn"}},
			})
		}
	})
	t.Run("roles come from the token, ties fall back to the authenticated role", func(t *testing.T) {
		_, att := only(t, s, "AWS::Cognito::IdentityPoolRoleAttachment")
		mappings := props(att)["RoleMappings"].(map[string]any)
		require.Len(t, mappings, 1)
		for _, m := range mappings {
			assert.Equal(t, "Token", path(m, "Type"))
			assert.Equal(t, "AuthenticatedRole", path(m, "AmbiguousRoleResolution"))
		}
	})
	t.Run("a group rule becomes a policy on that group's role only", func(t *testing.T) {
		require.Contains(t, sys.Storage.GroupPolicies, "auditors")
		assert.NotContains(t, sys.Storage.GroupPolicies, "editors", "a group without rules gets no extra policy")
		p := resource(t, s, "AWS::IAM::ManagedPolicy", idOf(sys.Storage.GroupPolicies["auditors"]))
		assert.Equal(t, []any{map[string]any{"Ref": idOf(sys.Auth.GroupRoles["auditors"])}}, props(p)["Roles"])
		doc, _ := json.Marshal(props(p)["PolicyDocument"])
		assert.Contains(t, string(doc), `"s3:GetObject"`)
		assert.Contains(t, string(doc), `"private/*"`)
		assert.NotContains(t, string(doc), "s3:PutObject")
	})
	t.Run("no group role can be assumed by guests or by another pool", func(t *testing.T) {
		for _, role := range sys.Auth.GroupRoles {
			r := resource(t, s, "AWS::IAM::Role", idOf(role))
			doc, _ := json.Marshal(props(r)["AssumeRolePolicyDocument"])
			assert.Contains(t, string(doc), `"cognito-identity.amazonaws.com:amr":"authenticated"`)
			assert.Contains(t, string(doc), `"cognito-identity.amazonaws.com:aud":{"Ref":"`+idOf(sys.Auth.IdentityPool)+`"}`)
		}
	})
}

func TestOwnerKeyUserPoolSub(t *testing.T) {
	s := levels(t)
	sys := s.stack.System
	t.Run("the sub claim becomes the owner principal tag", func(t *testing.T) {
		has(s, "AWS::Cognito::IdentityPoolPrincipalTag", map[string]any{
			"IdentityPoolId": map[string]any{"Ref": idOf(sys.Auth.IdentityPool)},
			"PrincipalTags":  map[string]any{"owner": "sub"},
			"UseDefaults":    false,
		})
	})
	t.Run("every role of the pool may be assumed with session tags", func(t *testing.T) {
		for _, id := range append(reachableRoles(t, s), roleID(t, s, "unauthenticated")) {
			doc, _ := json.Marshal(props(resource(t, s, "AWS::IAM::Role", id))["AssumeRolePolicyDocument"])
			assert.Contains(t, string(doc), "sts:TagSession", id)
		}
	})
	t.Run("policies name folders by the principal tag, never by the identity id", func(t *testing.T) {
		doc, _ := json.Marshal(props(resource(t, s, "AWS::IAM::ManagedPolicy", idOf(sys.Storage.OwnerPolicy)))["PolicyDocument"])
		assert.Contains(t, string(doc), "private/${aws:PrincipalTag/owner}/")
		assert.NotContains(t, string(doc), "cognito-identity.amazonaws.com:sub")
	})
	t.Run("the web app is told how folders are keyed", func(t *testing.T) {
		assert.Equal(t, "userPoolSub", *sys.Config["ownerKey"].(*string))
		assert.Equal(t, "identityId", *defaults(t).stack.System.Config["ownerKey"].(*string))
	})
	t.Run("the default mode maps no tag", func(t *testing.T) {
		defaults(t).template.ResourceCountIs(jsii.String("AWS::Cognito::IdentityPoolPrincipalTag"), jsii.Number(0))
	})
}

func TestGuestAccess(t *testing.T) {
	s := levels(t)
	sys := s.stack.System
	t.Run("guests read and list the public level, nothing else", func(t *testing.T) {
		require.NotNil(t, sys.Storage.GuestPolicy)
		p := resource(t, s, "AWS::IAM::ManagedPolicy", idOf(sys.Storage.GuestPolicy))
		assert.Equal(t, []any{map[string]any{"Ref": roleID(t, s, "unauthenticated")}}, props(p)["Roles"])
		doc, _ := json.Marshal(props(p)["PolicyDocument"])
		assert.Contains(t, string(doc), `/public/*"`)
		for _, forbidden := range []string{"s3:PutObject", "s3:DeleteObject", "private/", "protected/"} {
			assert.NotContains(t, string(doc), forbidden)
		}
	})
	t.Run("without guests there is no guest policy", func(t *testing.T) {
		assert.Nil(t, defaults(t).stack.System.Storage.GuestPolicy)
	})
}

func TestAccessPolicies(t *testing.T) {
	s := levels(t)
	t.Run("fails when a managed policy nears IAM's 6,144-character limit", func(t *testing.T) {
		for id, p := range resources(t, s, "AWS::IAM::ManagedPolicy") {
			doc, err := json.Marshal(props(p)["PolicyDocument"])
			require.NoError(t, err)
			assert.Less(t, len(doc), 6144/2, "%s is %d characters", id, len(doc))
		}
	})
	t.Run("fails when an AwsSolutions rule has an unsuppressed error", func(t *testing.T) {
		findings := assertions.Annotations_FromStack(s.stack.Stack).
			FindError(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-.*")))
		for _, f := range *findings {
			t.Errorf("%s: %v", *f.Id, f.Entry.Data)
		}
	})
}

// ownerVariables are the policy variables that name the caller's own folder.
var ownerVariables = []string{"${cognito-identity.amazonaws.com:sub}", "${aws:PrincipalTag/owner}"}

func namesOwnFolder(s string) bool {
	for _, v := range ownerVariables {
		if strings.Contains(s, "/"+v+"/") || strings.HasPrefix(s, v+"/") {
			return true
		}
	}
	return false
}

func TestOwnVersions(t *testing.T) {
	for _, c := range []named{{"defaults", defaults(t)}, {"levels", levels(t)}, {"fullest", fullest(t)}} {
		sys := c.s.stack.System
		owner := idOf(sys.Storage.OwnerPolicy)
		var reads, lists []iamStatement
		for _, st := range identityStatements(t, c.s) {
			for _, a := range strs(st.body["Action"]) {
				switch {
				case actionMatches(a, "s3:GetObjectVersion"):
					reads = append(reads, st)
				case actionMatches(a, "s3:ListBucketVersions"):
					lists = append(lists, st)
				}
			}
		}
		t.Run(c.name+": the owner policy reads and lists old versions of the own folder", func(t *testing.T) {
			require.NotEmpty(t, reads)
			require.NotEmpty(t, lists)
		})
		t.Run(c.name+": fails when anyone but the owner may read an old version, or outside the own folder", func(t *testing.T) {
			for _, st := range reads {
				if !refersToDataBucket(st, sys) {
					continue // the CDK's own handlers on other buckets
				}
				assert.Equal(t, owner, st.policyID, st.source)
				for _, r := range list(st.body["Resource"]) {
					assert.True(t, namesOwnFolder(render(r)), "%s: %s", st.source, render(r))
				}
			}
		})
		t.Run(c.name+": fails when versions may be listed but with an s3:prefix inside the own folder", func(t *testing.T) {
			for _, st := range lists {
				if !refersToDataBucket(st, sys) {
					continue
				}
				assert.Equal(t, owner, st.policyID, st.source)
				like := strs(path(st.body, "Condition", "StringLike", "s3:prefix"))
				require.NotEmpty(t, like, "%s: s3:ListBucketVersions without an s3:prefix condition", st.source)
				for _, p := range like {
					assert.True(t, namesOwnFolder(p), "%s: s3:prefix %s", st.source, p)
				}
				assert.Len(t, path(st.body, "Condition"), 1, "only the StringLike s3:prefix condition")
			}
		})
	}
}

// refersToDataBucket reports whether a statement names the data bucket or its objects.
func refersToDataBucket(st iamStatement, sys *folders.System) bool {
	return refersTo(st.body["Resource"], idOf(sys.Storage.Bucket))
}
