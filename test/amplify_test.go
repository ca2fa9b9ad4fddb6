package test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/policies"
)

func TestAmplifyOutputs(t *testing.T) {
	t.Run("published next to config.json", func(t *testing.T) {
		s := defaults(t)
		_, deployment := only(t, s, "Custom::CDKBucketDeployment")
		markers, _ := json.Marshal(props(deployment)["SourceMarkers"])
		sys := s.stack.System
		for _, c := range []string{idOf(sys.Auth.UserPool), idOf(sys.Auth.Client), idOf(sys.Auth.IdentityPool), idOf(sys.Storage.Bucket)} {
			assert.Contains(t, string(markers), c)
		}
		assert.Len(t, props(deployment)["SourceObjectKeys"], 3, "the app, config.json and amplify_outputs.json")
	})
	for _, c := range []named{{"defaults", defaults(t)}, {"levels", levels(t)}} {
		out := c.s.stack.System.AmplifyOutputs
		t.Run(c.name+": schema 1.4 with auth and storage", func(t *testing.T) {
			assert.Equal(t, "1.4", out["version"])
			authOut := out["auth"].(map[string]any)
			for _, k := range []string{"aws_region", "user_pool_id", "user_pool_client_id", "identity_pool_id", "oauth", "password_policy", "groups"} {
				assert.Contains(t, authOut, k)
			}
			assert.Equal(t, "code", authOut["oauth"].(map[string]any)["response_type"])
		})
		t.Run(c.name+": storage paths are the access rules", func(t *testing.T) {
			buckets := out["storage"].(map[string]any)["buckets"].([]any)
			require.Len(t, buckets, 1)
			paths := buckets[0].(map[string]any)["paths"].(map[string]map[string][]string)
			sys := c.s.stack.System
			assert.Equal(t, policies.AmplifyPaths(sys.Storage.Levels.Rules(), *sys.Auth.OwnerKey == policies.OwnerKeyIdentityID), paths)
		})
	}
	t.Run("also a stack output, for front ends hosted elsewhere", func(t *testing.T) {
		o := outputs(defaults(t))["AmplifyOutputs"]
		require.NotNil(t, o)
		rendered := render(o["Value"])
		assert.Contains(t, rendered, `"version":"1.4"`)
		assert.Contains(t, rendered, `"private/${cognito-identity.amazonaws.com:sub}/*"`)
	})
	t.Run("Google is listed as an identity provider when configured", func(t *testing.T) {
		oauth := federation(t).stack.System.AmplifyOutputs["auth"].(map[string]any)["oauth"].(map[string]any)
		assert.Equal(t, []string{"GOOGLE"}, oauth["identity_providers"])
	})
	t.Run("the identity-keyed default gives the owner its folder", func(t *testing.T) {
		paths := defaults(t).stack.System.AmplifyOutputs["storage"].(map[string]any)["buckets"].([]any)[0].(map[string]any)["paths"].(map[string]map[string][]string)
		assert.Equal(t, map[string]map[string][]string{"private/${cognito-identity.amazonaws.com:sub}/*": {"entityidentity": {"get", "list", "write", "delete"}}}, paths)
	})
}
