package policies

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAmplifyPaths(t *testing.T) {
	l := Levels{Private: "private/", Protected: "protected/", Public: "public/", Guests: true,
		Groups: []GroupRule{{Group: "auditors", Path: "private/", Permissions: ReadPermissions}}}
	got := AmplifyPaths(l.Rules(), true)
	assert.Equal(t, map[string]map[string][]string{
		"private/${cognito-identity.amazonaws.com:sub}/*":   {"entityidentity": {"get", "list", "write", "delete"}},
		"protected/${cognito-identity.amazonaws.com:sub}/*": {"entityidentity": {"get", "list", "write", "delete"}, "authenticated": {"get", "list"}},
		"public/*":  {"authenticated": {"get", "list"}, "guest": {"get", "list"}},
		"private/*": {"groupsauditors": {"get", "list"}},
	}, got)
	t.Run("owner entries are left out when folders are keyed by the user pool sub", func(t *testing.T) {
		sub := AmplifyPaths(l.Rules(), false)
		assert.NotContains(t, sub, "private/${cognito-identity.amazonaws.com:sub}/*")
		assert.Equal(t, map[string][]string{"authenticated": {"get", "list"}}, sub["protected/${cognito-identity.amazonaws.com:sub}/*"])
	})
}

// grant is one (principal, path, permission) fact, the common form of an
// Amplify paths entry and an IAM grant.
type fact struct{ who, path, perm string }

// fromPaths lists the facts an Amplify paths map states, with the owner's
// folder spelled as in the IAM statements.
func fromPaths(paths map[string]map[string][]string) []fact {
	var out []fact
	for path, whos := range paths {
		for who, perms := range whos {
			p, own := AmplifyPrincipal(who)
			prefix := strings.TrimSuffix(path, "*")
			if own {
				prefix = strings.Replace(prefix, AmplifyEntityToken, IdentityIDVariable, 1)
			} else {
				prefix = strings.Replace(prefix, AmplifyEntityToken, "*", 1)
			}
			for _, perm := range perms {
				out = append(out, fact{p.Kind + p.Group, prefix, perm})
			}
		}
	}
	return sorted(out)
}

// fromStatements lists the facts the IAM statements grant.
func fromStatements(bucket string, rules []Rule, principals []Principal) []fact {
	permOf := map[string]string{"s3:GetObject": "get", "s3:PutObject": "write", "s3:DeleteObject": "delete"}
	var out []fact
	for _, p := range principals {
		for _, st := range Statements(bucket, rules, p, IdentityIDVariable) {
			for _, a := range st.Actions {
				if a == "s3:ListBucket" {
					for _, prefix := range st.Conditions["StringLike"]["s3:prefix"] {
						if !strings.HasSuffix(prefix, "*") {
							out = append(out, fact{p.Kind + p.Group, prefix, "list"})
						}
					}
					continue
				}
				if perm, ok := permOf[a]; ok {
					for _, r := range st.Resources {
						out = append(out, fact{p.Kind + p.Group, strings.TrimSuffix(strings.TrimPrefix(r, bucket+"/"), "*"), perm})
					}
				}
			}
		}
	}
	return sorted(out)
}

func sorted(f []fact) []fact {
	sort.Slice(f, func(i, j int) bool {
		a, b := f[i], f[j]
		return a.who+"|"+a.path+"|"+a.perm < b.who+"|"+b.path+"|"+b.perm
	})
	return f
}

func TestAmplifyPathsMatchIAM(t *testing.T) {
	configs := map[string]Levels{
		"private only":       {Private: "private/"},
		"protected":          {Private: "private/", Protected: "protected/"},
		"public read":        {Private: "private/", Public: "public/"},
		"public write":       {Private: "private/", Public: "public/", PublicWrite: true},
		"public with guests": {Private: "private/", Public: "public/", Guests: true},
		"groups": {Private: "home/", Groups: []GroupRule{
			{Group: "auditors", Path: "home/", Permissions: ReadPermissions},
			{Group: "editors", Path: "shared/{owner}/", Permissions: AllPermissions}}},
		"everything": {Private: "private/", Protected: "protected/", Public: "public/", PublicWrite: true, Guests: true,
			Groups: []GroupRule{{Group: "auditors", Path: "private/", Permissions: ReadPermissions}}},
	}
	for name, l := range configs {
		t.Run(name+": fails when a paths entry has no IAM grant or a grant has no paths entry", func(t *testing.T) {
			principals := []Principal{Authenticated, Guest}
			for _, g := range l.Groups {
				principals = append(principals, GroupPrincipal(g.Group))
			}
			assert.Equal(t, fromStatements(bucketArn, l.Rules(), principals), fromPaths(AmplifyPaths(l.Rules(), true)))
		})
	}
}
