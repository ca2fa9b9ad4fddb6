package policies

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// find returns the statement granting action, failing when there is none.
func find(t *testing.T, st []Statement, action string) Statement {
	t.Helper()
	for _, s := range st {
		for _, a := range s.Actions {
			if a == action {
				return s
			}
		}
	}
	t.Fatalf("no statement grants %s in %s", action, DocumentJSON(st))
	return Statement{}
}

func prefixes(s Statement) []string { return s.Conditions["StringLike"]["s3:prefix"] }

func TestLevels(t *testing.T) {
	all := Levels{Private: "private/", Protected: "protected/", Public: "public/", Guests: true,
		Groups: []GroupRule{{Group: "auditors", Path: "private/", Permissions: ReadPermissions}}}

	t.Run("signed-in users own their private and protected folders and read protected and public", func(t *testing.T) {
		st := Statements(bucketArn, all.Rules(), Authenticated, IdentityIDVariable)
		write := find(t, st, "s3:PutObject")
		assert.ElementsMatch(t, []string{
			bucketArn + "/private/" + IdentityIDVariable + "/*",
			bucketArn + "/protected/" + IdentityIDVariable + "/*",
		}, write.Resources)
		read := st[0]
		for _, s := range st {
			if len(s.Actions) == 1 && s.Actions[0] == "s3:GetObject" {
				read = s
			}
		}
		assert.ElementsMatch(t, []string{bucketArn + "/protected/*/*", bucketArn + "/public/*"}, read.Resources)
		assert.ElementsMatch(t, []string{
			"private/" + IdentityIDVariable + "/", "private/" + IdentityIDVariable + "/*",
			"protected/" + IdentityIDVariable + "/", "protected/" + IdentityIDVariable + "/*",
			"protected/*/", "protected/*/*", "public/", "public/*",
		}, prefixes(find(t, st, "s3:ListBucket")))
	})
	t.Run("fails when a signed-in user may list the private level or the root", func(t *testing.T) {
		st := Statements(bucketArn, all.Rules(), Authenticated, IdentityIDVariable)
		for _, p := range prefixes(find(t, st, "s3:ListBucket")) {
			assert.NotContains(t, []string{"", "*", "private/", "private/*", "protected/", "protected/*"}, p)
		}
	})
	t.Run("public write only when asked", func(t *testing.T) {
		st := Statements(bucketArn, all.Rules(), Authenticated, IdentityIDVariable)
		assert.NotContains(t, find(t, st, "s3:PutObject").Resources, bucketArn+"/public/*")
		w := all
		w.PublicWrite = true
		st = Statements(bucketArn, w.Rules(), Authenticated, IdentityIDVariable)
		assert.Contains(t, find(t, st, "s3:PutObject").Resources, bucketArn+"/public/*")
		assert.Contains(t, find(t, st, "s3:DeleteObject").Resources, bucketArn+"/public/*")
	})
	t.Run("guests read and list public only, and only when switched on", func(t *testing.T) {
		st := Statements(bucketArn, all.Rules(), Guest, IdentityIDVariable)
		require.Len(t, st, 2)
		assert.Equal(t, []string{"s3:GetObject"}, st[0].Actions)
		assert.Equal(t, []string{bucketArn + "/public/*"}, st[0].Resources)
		assert.Equal(t, []string{"public/", "public/*"}, prefixes(st[1]))
		off := all
		off.Guests = false
		assert.Empty(t, Statements(bucketArn, off.Rules(), Guest, IdentityIDVariable))
	})
	t.Run("a group rule reaches its members only", func(t *testing.T) {
		st := Statements(bucketArn, all.Rules(), GroupPrincipal("auditors"), IdentityIDVariable)
		assert.Equal(t, []string{bucketArn + "/private/*"}, find(t, st, "s3:GetObject").Resources)
		assert.Equal(t, []string{"private/", "private/*"}, prefixes(find(t, st, "s3:ListBucket")))
		assert.Empty(t, Statements(bucketArn, all.Rules(), GroupPrincipal("others"), IdentityIDVariable))
	})
	t.Run("folders keyed by the user pool sub use the principal tag", func(t *testing.T) {
		st := Statements(bucketArn, all.Rules(), Authenticated, OwnerVariable(OwnerKeyUserPoolSub))
		assert.Contains(t, find(t, st, "s3:PutObject").Resources, bucketArn+"/private/${aws:PrincipalTag/owner}/*")
		assert.NotContains(t, DocumentJSON(st), IdentityIDVariable)
	})
	t.Run("owners read and list the old versions of their own folders only", func(t *testing.T) {
		st := Statements(bucketArn, all.Rules(), Authenticated, IdentityIDVariable)
		assert.ElementsMatch(t, []string{
			bucketArn + "/private/" + IdentityIDVariable + "/*",
			bucketArn + "/protected/" + IdentityIDVariable + "/*",
		}, find(t, st, "s3:GetObjectVersion").Resources)
		assert.ElementsMatch(t, []string{
			"private/" + IdentityIDVariable + "/", "private/" + IdentityIDVariable + "/*",
			"protected/" + IdentityIDVariable + "/", "protected/" + IdentityIDVariable + "/*",
		}, prefixes(find(t, st, "s3:ListBucketVersions")))
		w := all
		w.PublicWrite = true
		assert.NotContains(t, find(t, Statements(bucketArn, w.Rules(), Authenticated, IdentityIDVariable), "s3:GetObjectVersion").Resources,
			bucketArn+"/public/*", "a writable public level gives no version access")
	})
	t.Run("fails when anyone but the owner may reach old versions", func(t *testing.T) {
		w := all
		w.Groups = append(w.Groups, GroupRule{Group: "auditors", Path: "shared/{owner}/", Permissions: AllPermissions})
		for _, p := range []Principal{Guest, GroupPrincipal("auditors")} {
			for _, s := range Statements(bucketArn, w.Rules(), p, IdentityIDVariable) {
				assert.NotContains(t, s.Actions, "s3:GetObjectVersion", "%+v", p)
				assert.NotContains(t, s.Actions, "s3:ListBucketVersions", "%+v", p)
			}
		}
	})
	t.Run("fails when any principal may delete a version", func(t *testing.T) {
		w := all
		w.PublicWrite = true
		for _, p := range []Principal{Authenticated, Guest, GroupPrincipal("auditors")} {
			for _, s := range Statements(bucketArn, w.Rules(), p, IdentityIDVariable) {
				assert.NotContains(t, s.Actions, "s3:DeleteObjectVersion", "%+v", p)
				assert.NotContains(t, s.Actions, "s3:DeleteObject*", "%+v", p)
			}
		}
	})
	t.Run("one statement per action set", func(t *testing.T) {
		st := Statements(bucketArn, all.Rules(), Authenticated, IdentityIDVariable)
		seen := map[string]bool{}
		for _, s := range st {
			key := strings.Join(s.Actions, ",")
			assert.False(t, seen[key], "two statements grant %s", key)
			seen[key] = true
		}
	})
}

// compactLen is a policy's size as IAM counts it: JSON without white space.
func compactLen(t *testing.T, st []Statement) int {
	b, err := json.Marshal(Document(st))
	require.NoError(t, err)
	return len(b)
}

func TestPolicySize(t *testing.T) {
	// The longest bucket ARN there can be, and every level with 25 groups,
	// each with two rules on long paths.
	arn := "arn:aws-us-gov:s3:::" + strings.Repeat("b", 63)
	levels := Levels{Private: strings.Repeat("p", 60) + "/", Protected: strings.Repeat("q", 60) + "/",
		Public: strings.Repeat("r", 60) + "/", PublicWrite: true, Guests: true}
	for i := range 25 {
		name := fmt.Sprintf("group-%02d-%s", i, strings.Repeat("g", 40))
		levels.Groups = append(levels.Groups,
			GroupRule{Group: name, Path: fmt.Sprintf("team-%02d/%s/", i, strings.Repeat("t", 60)), Permissions: AllPermissions},
			GroupRule{Group: name, Path: levels.Private, Permissions: ReadPermissions})
	}
	const managedPolicyLimit = 6144
	for _, p := range []Principal{Authenticated, Guest, GroupPrincipal(levels.Groups[0].Group)} {
		n := compactLen(t, Statements(arn, levels.Rules(), p, IdentityIDVariable))
		assert.Less(t, n, managedPolicyLimit/2, "%+v policy is %d characters", p, n)
	}
}

func TestValidateLevels(t *testing.T) {
	assert.NoError(t, Levels{Private: "private/"}.Validate())
	assert.NoError(t, Levels{Private: "private/", Protected: "protected/", Public: "public/", PublicWrite: true,
		Groups: []GroupRule{{Group: "auditors", Path: "private/", Permissions: ReadPermissions},
			{Group: "editors", Path: "shared/{owner}/", Permissions: AllPermissions}}}.Validate())
	cases := []struct {
		name   string
		levels Levels
		field  string
		want   string
	}{
		{"fails when public contains private", Levels{Private: "files/private/", Public: "files/"}, "PublicPrefix", "must not contain or be contained in"},
		{"fails when protected equals private", Levels{Private: "a/", Protected: "a/"}, "ProtectedPrefix", "must not contain or be contained in"},
		{"fails when a level prefix is invalid", Levels{Private: "private/", Public: "/public"}, "PublicPrefix", `must not start with "/"`},
		{"fails when public write has no public level", Levels{Private: "private/", PublicWrite: true}, "PublicWrite", "needs PublicPrefix"},
		{"fails when a group rule is on the bucket root", Levels{Private: "p/", Groups: []GroupRule{{Group: "g", Path: "", Permissions: ReadPermissions}}}, "GroupRules.Path", "must not be the bucket root"},
		{"fails when {owner} is not the last folder", Levels{Private: "p/", Groups: []GroupRule{{Group: "g", Path: "a/{owner}/b/", Permissions: ReadPermissions}}}, "GroupRules.Path", "only once, as its last folder"},
		{"fails when {owner} is used twice", Levels{Private: "p/", Groups: []GroupRule{{Group: "g", Path: "{owner}/{owner}/", Permissions: ReadPermissions}}}, "GroupRules.Path", "only once"},
		{"fails when {owner} sits at the root", Levels{Private: "p/", Groups: []GroupRule{{Group: "g", Path: "{owner}/", Permissions: ReadPermissions}}}, "GroupRules.Path", "needs a folder before {owner}"},
		{"fails when a group path has a wildcard", Levels{Private: "p/", Groups: []GroupRule{{Group: "g", Path: "a*/", Permissions: ReadPermissions}}}, "GroupRules.Path", `must not contain "*"`},
		{"fails when a group name has a space", Levels{Private: "p/", Groups: []GroupRule{{Group: "my group", Path: "a/", Permissions: ReadPermissions}}}, "GroupRules.Group", "without spaces"},
		{"fails when a permission is unknown", Levels{Private: "p/", Groups: []GroupRule{{Group: "g", Path: "a/", Permissions: []Permission{"admin"}}}}, "GroupRules.Permissions", "must be one of get, list, write, delete"},
		{"fails when a group rule grants nothing", Levels{Private: "p/", Groups: []GroupRule{{Group: "g", Path: "a/"}}}, "GroupRules.Permissions", "at least one"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.levels.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.field+": ")
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestValidateOwnerClaim(t *testing.T) {
	assert.NoError(t, ValidateOwnerClaim("ownerClaim", "sub", []string{"email", "name"}))
	err := ValidateOwnerClaim("ownerClaim", "email", []string{"email", "name"})
	assert.ErrorContains(t, err, `ownerClaim: must not be an attribute the app client can write`)
	assert.ErrorContains(t, ValidateOwnerClaim("ownerClaim", "custom:team", nil), "only an immutable claim may name a folder")
}
