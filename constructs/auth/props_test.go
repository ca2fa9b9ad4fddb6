package auth

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/internal/propdoc"
	"github.com/privatefolders/privatefolders/policies"
)

func TestValidate(t *testing.T) {
	valid := func() *Props { return &Props{CallbackUrls: jsii.Strings("https://app.example.com/")} }
	t.Run("nil props name only the missing callback URL", func(t *testing.T) {
		var e *check.Error
		require.True(t, errors.As((*Props)(nil).Validate(), &e))
		require.Len(t, e.Problems, 1)
		assert.Equal(t, "CallbackUrls", e.Problems[0].Field)
	})
	t.Run("defaults with a callback URL are valid", func(t *testing.T) {
		assert.NoError(t, valid().Validate())
	})
	t.Run("deploy-time values are not checked", func(t *testing.T) {
		p := valid()
		p.DomainPrefix = jsii.String("${Token[TOKEN.42]}")
		assert.NoError(t, p.Validate())
	})
	cases := []struct {
		name, key, rule string
		set             func(p *Props)
	}{
		{"fails when mfa is not a mode", "Mfa", "must be one of", func(p *Props) { p.Mfa = jsii.String("sms") }},
		{"fails when the plan is lite", "FeaturePlan", "must be one of essentials, plus", func(p *Props) { p.FeaturePlan = jsii.String("lite") }},
		{"fails when passwords may be short", "PasswordMinLength", "from 8 to 99", func(p *Props) { p.PasswordMinLength = jsii.Number(6) }},
		{"fails when the domain prefix says cognito", "DomainPrefix", `must not contain "cognito"`, func(p *Props) { p.DomainPrefix = jsii.String("my-cognito") }},
		{"fails when a callback URL has a fragment", "CallbackUrls", "fragment", func(p *Props) { p.CallbackUrls = jsii.Strings("https://app.example.com/#x") }},
		{"fails when a callback URL uses http on a public host", "CallbackUrls", "must use https", func(p *Props) { p.CallbackUrls = jsii.Strings("http://app.example.com/") }},
		{"fails when refresh tokens last too long", "RefreshTokenValidityDays", "from 1 to 3650", func(p *Props) { p.RefreshTokenValidityDays = jsii.Number(3651) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := valid()
			c.set(p)
			err := p.Validate()
			require.Error(t, err)
			assert.True(t, strings.Contains(err.Error(), c.key+": ") && strings.Contains(err.Error(), c.rule), err.Error())
		})
	}
}

func TestValidateFederation(t *testing.T) {
	valid := func() *Props {
		return &Props{
			CallbackUrls: jsii.Strings("https://app.example.com/"),
			Google:       &GoogleProvider{ClientId: jsii.String("g.apps.googleusercontent.com"), ClientSecretId: jsii.String("privatefolders/google")},
			OidcProviders: &[]*OidcProvider{{
				Name: jsii.String("Okta"), IssuerUrl: jsii.String("https://example.okta.com"),
				ClientId: jsii.String("okta"), ClientSecretId: jsii.String("arn:aws:secretsmanager:eu-west-1:123456789012:secret:okta-AbCdEf"),
				AttributeMapping: &map[string]*string{"given_name": jsii.String("given_name")},
			}},
			SamlProviders: &[]*SamlProvider{{Name: jsii.String("Corp"), MetadataUrl: jsii.String("https://idp.example.com/metadata")}},
			ServerClient:  &ServerClient{CallbackUrls: jsii.Strings("https://files.example.com/api/session/auth/")},
		}
	}
	t.Run("every provider kind and a server client are valid", func(t *testing.T) {
		assert.NoError(t, valid().Validate())
	})
	t.Run("deploy-time values are not checked", func(t *testing.T) {
		p := valid()
		(*p.OidcProviders)[0].IssuerUrl = jsii.String("${Token[TOKEN.7]}")
		p.Google.ClientSecretId = jsii.String("${Token[TOKEN.8]}")
		assert.NoError(t, p.Validate())
	})
	cases := []struct {
		name, field, rule string
		set               func(p *Props)
	}{
		{"fails when an issuer is not https", "OidcProviders.IssuerUrl", "must be an https URL",
			func(p *Props) { (*p.OidcProviders)[0].IssuerUrl = jsii.String("http://example.okta.com") }},
		{"fails when an OIDC client id is missing", "OidcProviders.ClientId", "must be the client id",
			func(p *Props) { (*p.OidcProviders)[0].ClientId = nil }},
		{"fails when the Google client id is missing", "Google.ClientId", "OAuth client id", func(p *Props) { p.Google.ClientId = jsii.String(" ") }},
		{"fails when no secret is named", "Google.ClientSecretId", "must name the AWS Secrets Manager secret", func(p *Props) { p.Google.ClientSecretId = nil }},
		{"fails when the secret id is a Google client secret", "Google.ClientSecretId", "looks like a Google client secret",
			func(p *Props) { p.Google.ClientSecretId = jsii.String("GOCSPX-abcdefghijklmnop") }},
		{"fails when the secret id cannot be a secret name", "OidcProviders.ClientSecretId", "not the secret value itself",
			func(p *Props) { (*p.OidcProviders)[0].ClientSecretId = jsii.String("s3cr3t value with spaces!") }},
		{"fails when a secret ARN is of another service", "OidcProviders.ClientSecretId", "must be a Secrets Manager secret ARN",
			func(p *Props) {
				(*p.OidcProviders)[0].ClientSecretId = jsii.String("arn:aws:ssm:eu-west-1:123456789012:parameter/okta")
			}},
		{"fails when a JSON field holds a colon", "Google.ClientSecretJsonField", `without ":"`,
			func(p *Props) { p.Google.ClientSecretJsonField = jsii.String("a:b") }},
		{"fails when Google scopes leave out email", "Google.Scopes", `must include "email"`, func(p *Props) { p.Google.Scopes = jsii.Strings("openid", "profile") }},
		{"fails when OIDC scopes leave out openid", "OidcProviders.Scopes", `must include "openid"`,
			func(p *Props) { (*p.OidcProviders)[0].Scopes = jsii.Strings("email") }},
		{"fails when a mapping names an unknown attribute", "OidcProviders.AttributeMapping", "must map only standard user pool attributes",
			func(p *Props) {
				(*p.OidcProviders)[0].AttributeMapping = &map[string]*string{"custom:team": jsii.String("team")}
			}},
		{"fails when a mapping would set email_verified", "Google.AttributeMapping", "must map only standard user pool attributes",
			func(p *Props) {
				p.Google.AttributeMapping = &map[string]*string{"email_verified": jsii.String("email_verified")}
			}},
		{"fails when email is mapped from nothing", "SamlProviders.AttributeMapping", "from a named provider attribute",
			func(p *Props) { (*p.SamlProviders)[0].AttributeMapping = &map[string]*string{"email": jsii.String("")} }},
		{"fails when SAML has neither metadata URL nor file", "SamlProviders.MetadataUrl", "exactly one of SamlProviders.MetadataUrl and SamlProviders.MetadataFile",
			func(p *Props) { (*p.SamlProviders)[0].MetadataUrl = nil }},
		{"fails when SAML has both metadata URL and file", "SamlProviders.MetadataUrl", "exactly one of SamlProviders.MetadataUrl and SamlProviders.MetadataFile",
			func(p *Props) { (*p.SamlProviders)[0].MetadataFile = jsii.String("<EntityDescriptor/>") }},
		{"fails when SAML metadata file is a path", "SamlProviders.MetadataFile", "not a path",
			func(p *Props) {
				(*p.SamlProviders)[0].MetadataUrl = nil
				(*p.SamlProviders)[0].MetadataFile = jsii.String("metadata.xml")
			}},
		{"fails when two providers share a name", "SamlProviders.Name", "must be unique",
			func(p *Props) { (*p.SamlProviders)[0].Name = jsii.String("okta") }},
		{"fails when a provider is named Google", "OidcProviders.Name", "reserves",
			func(p *Props) { (*p.OidcProviders)[0].Name = jsii.String("Google") }},
		{"fails when a provider name is too short", "SamlProviders.Name", "3-32", func(p *Props) { (*p.SamlProviders)[0].Name = jsii.String("ab") }},
		{"fails when a provider has no name", "OidcProviders.Name", "must be set for every provider", func(p *Props) { (*p.OidcProviders)[0].Name = nil }},
		{"fails when the server client has no callback URL", "ServerClient.CallbackUrls", "at least one",
			func(p *Props) { p.ServerClient.CallbackUrls = nil }},
		{"fails when a server logout URL has a fragment", "ServerClient.LogoutUrls", "fragment",
			func(p *Props) { p.ServerClient.LogoutUrls = jsii.Strings("https://files.example.com/#out") }},
		{"fails when the server client asks for an admin scope", "ServerClient.Scopes", "must be one of openid, email, profile",
			func(p *Props) { p.ServerClient.Scopes = jsii.Strings("openid", "aws.cognito.signin.user.admin") }},
		{"fails when the server client leaves out openid", "ServerClient.Scopes", `must include "openid"`,
			func(p *Props) { p.ServerClient.Scopes = jsii.Strings("email") }},
		{"fails when the server client name has a slash", "ServerClient.Name", "1-128", func(p *Props) { p.ServerClient.Name = jsii.String("files/app") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := valid()
			c.set(p)
			var e *check.Error
			require.True(t, errors.As(p.Validate(), &e), "not refused")
			var rules []string
			for _, pr := range e.Problems {
				if pr.Field == c.field {
					rules = append(rules, pr.Rule)
				}
			}
			assert.Contains(t, strings.Join(rules, "\n"), c.rule, "problems: %v", e.Problems)
			assert.NotContains(t, e.Error(), "GOCSPX-", "a secret must not be quoted back")
		})
	}
	t.Run("every problem at once", func(t *testing.T) {
		p := valid()
		(*p.OidcProviders)[0].IssuerUrl = jsii.String("http://x")
		(*p.SamlProviders)[0].MetadataUrl = nil
		p.ServerClient.CallbackUrls = nil
		var e *check.Error
		require.True(t, errors.As(p.Validate(), &e))
		assert.Len(t, e.Problems, 3, "%v", e.Problems)
	})
}

func TestOwnerClaim(t *testing.T) {
	with := func(key, claim *string) *Props {
		return &Props{CallbackUrls: jsii.Strings("https://app.example.com/"), OwnerKey: key, OwnerClaim: claim}
	}
	t.Run("fails when a claim is set without userPoolSub, where it would be ignored", func(t *testing.T) {
		for _, key := range []*string{nil, jsii.String(policies.OwnerKeyIdentityID)} {
			var e *check.Error
			require.True(t, errors.As(with(key, jsii.String("sub")).Validate(), &e), "not refused")
			require.Len(t, e.Problems, 1)
			assert.Equal(t, "OwnerClaim", e.Problems[0].Field)
			assert.Contains(t, e.Problems[0].Rule, "needs OwnerKey userPoolSub")
			assert.Equal(t, []string{"OwnerKey"}, e.Problems[0].Refs)
		}
	})
	t.Run("an immutable claim with userPoolSub is valid, as is no claim at all", func(t *testing.T) {
		assert.NoError(t, with(jsii.String(policies.OwnerKeyUserPoolSub), jsii.String("cognito:username")).Validate())
		assert.NoError(t, with(nil, nil).Validate())
	})
}

func TestPropDocs(t *testing.T) {
	propdoc.Check(t, ".", "Props", map[string]check.Rule{
		"SelfSignUp": SelfSignUpRule, "Mfa": MfaRule, "FeaturePlan": FeaturePlanRule, "PasswordMinLength": PasswordMinLengthRule,
		"DomainPrefix": DomainPrefixRule, "AccessTokenValidityMinutes": AccessTokenValidityMinutesRule,
		"IdTokenValidityMinutes": IdTokenValidityMinutesRule, "RefreshTokenValidityDays": RefreshTokenValidityDaysRule,
		"AllowGuests": AllowGuestsRule, "OwnerKey": OwnerKeyRule, "OwnerClaim": OwnerClaimRule,
	})
	propdoc.Check(t, ".", "Group", map[string]check.Rule{"Precedence": GroupPrecedenceRule})
}
