package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeKeys are the keys the README documented before the registry: a
// user's cdk.json may hold any of them, so none may disappear.
var readmeKeys = []string{
	"stackName", "account", "region", "webDir", "selfSignUp", "mfa", "featurePlan", "passwordMinLength", "domainPrefix",
	"callbackUrls", "corsOrigins", "accessTokenValidityMinutes", "idTokenValidityMinutes", "refreshTokenValidityDays",
	"allowGuests", "ownerKey", "ownerClaim", "protectedPrefix", "publicPrefix", "publicWrite", "groups", "google",
	"oidcProviders", "samlProviders", "serverClient", "dataBucketName", "ownerPrefix", "noncurrentVersionExpirationDays",
	"logsRetentionDays", "siteDomainNames", "siteCertificateArn", "backup", "replicaBucketArn", "dataEvents",
	"objectLockDays", "waf", "wafWebAclArn", "destroyOnRemoval",
}

func TestREADMETable(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	want, err := WithTable(string(raw))
	require.NoError(t, err)
	t.Run("fails when the README's configuration table differs from the registry (run go run ./cmd/settings)", func(t *testing.T) {
		assert.Equal(t, want, string(raw))
	})
	t.Run("fails when a documented key is gone", func(t *testing.T) {
		var keys []string
		for _, s := range Settings {
			keys = append(keys, s.Key)
		}
		assert.Subset(t, keys, readmeKeys)
		assert.Contains(t, Table(), "| `passwordMinLength` | integer | `8` | 8–99 |", "the range and default come from auth's rule")
	})
}

func TestSettings(t *testing.T) {
	t.Run("fails when two settings share a key or a prop", func(t *testing.T) {
		keys, props := map[string]bool{}, map[string]bool{}
		for _, s := range Settings {
			assert.False(t, keys[s.Key], "key %s twice", s.Key)
			keys[s.Key] = true
			if p := s.Prop(); p != "" {
				assert.False(t, props[p], "prop %s twice", p)
				props[p] = true
			}
		}
	})
	t.Run("fails when a setting's doc is missing", func(t *testing.T) {
		for _, s := range Settings {
			assert.NotEmpty(t, s.Doc, s.Key)
		}
	})
	t.Run("each setting's prop is read from its accessor", func(t *testing.T) {
		got := map[string]string{}
		for _, s := range Settings {
			got[s.Key] = s.Prop()
		}
		assert.Equal(t, "Storage.BucketName", got["dataBucketName"])
		assert.Equal(t, "Auth.OwnerClaim", got["ownerClaim"])
		assert.Equal(t, "Site.LogsRetentionDays", got["logsRetentionDays"])
		assert.Equal(t, "Groups", got["groups"])
		assert.Equal(t, "DestroyOnRemoval", got["destroyOnRemoval"])
		assert.Equal(t, "", got["stackName"], "app settings are no prop of the system")
		assert.Equal(t, "", got["region"])
	})
	t.Run("props are named by their keys, nested fields in lowerCamel", func(t *testing.T) {
		for prop, key := range map[string]string{
			"Storage.BucketName":              "dataBucketName",
			"Auth.Google.ClientSecretId":      "google.clientSecretId",
			"Groups.Rules.Path":               "groups.rules.path",
			"Site.DomainNames":                "siteDomainNames",
			"Storage.OwnerRoles":              "Storage.OwnerRoles",
			"Auth.OidcProviders.IssuerUrl":    "oidcProviders.issuerUrl",
			"Auth.ServerClient.LogoutUrls":    "serverClient.logoutUrls",
			"Auth.AccessTokenValidityMinutes": "accessTokenValidityMinutes",
		} {
			assert.Equal(t, key, KeyOf(prop), prop)
		}
	})
}

func TestParseRefusesTokens(t *testing.T) {
	cases := []struct {
		name, key string
		value     any
	}{
		{"fails when a string looks like a token", "dataBucketName", "${Token[X.1]}"},
		{"fails when a list item looks like a token", "corsOrigins", []any{"https://a.example.com", "#{Token[X.2]}"}},
		{"fails when a JSON value holds a token", "groups", `[{"name":"${Token[X.1]}","precedence":1}]`},
		{"fails when cdk.json's JSON holds a token", "google", map[string]any{"clientId": "${Token[X.3]}", "clientSecretId": "s"}},
		{"fails when a number is a token's encoding", "logsRetentionDays", -1.8881545897087626e+289},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := problems(t, map[string]any{c.key: c.value})
			require.Len(t, ps, 1, "%v", ps)
			assert.Equal(t, c.key, ps[0].Field)
			assert.Contains(t, ps[0].Rule, "must not look like a CDK token")
		})
	}
}

func TestParseOwnerClaim(t *testing.T) {
	t.Run("fails when ownerClaim is set without ownerKey=userPoolSub", func(t *testing.T) {
		ps := problems(t, map[string]any{"ownerClaim": "cognito:username"})
		require.Len(t, ps, 1)
		assert.Equal(t, "ownerClaim", ps[0].Field)
		assert.Contains(t, ps[0].Rule, "needs ownerKey userPoolSub", "the rule names the key, not the prop")
	})
	t.Run("is accepted with userPoolSub", func(t *testing.T) {
		_, err := Parse(map[string]any{"ownerKey": "userPoolSub", "ownerClaim": "cognito:username"})
		assert.NoError(t, err)
	})
}
