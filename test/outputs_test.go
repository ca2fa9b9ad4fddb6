package test

import (
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outputs returns the template's outputs by name.
func outputs(s *synthesized) map[string]map[string]any {
	out := map[string]map[string]any{}
	for name, o := range *s.template.FindOutputs(jsii.String("*"), nil) {
		out[name] = *o
	}
	return out
}

func TestOutputs(t *testing.T) {
	for _, c := range both(t) {
		out := outputs(c.s)
		t.Run(c.name+": fails when an output the README lists is missing", func(t *testing.T) {
			for _, name := range []string{"SiteUrl", "SignInUrl", "UserPoolId", "UserPoolClientId", "IdentityPoolId",
				"DataBucketName", "Region", "OidcIssuer", "OidcDiscoveryUrl"} {
				assert.Contains(t, out, name)
			}
		})
		t.Run(c.name+": the discovery URL is the issuer's well-known document", func(t *testing.T) {
			require.Contains(t, out, "OidcDiscoveryUrl")
			require.Contains(t, out, "OidcIssuer")
			url := render(out["OidcDiscoveryUrl"]["Value"])
			assert.True(t, strings.HasSuffix(url, "/.well-known/openid-configuration"), url)
			assert.Equal(t, render(out["OidcIssuer"]["Value"])+"/.well-known/openid-configuration", url)
		})
	}
}
