package config

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/check"
)

// problems parses ctx and returns its problems, failing when it parses.
func problems(t *testing.T, ctx map[string]any) []check.Problem {
	_, err := Parse(ctx)
	require.Error(t, err)
	var e *check.Error
	require.True(t, errors.As(err, &e), "not a *check.Error: %v", err)
	return e.Problems
}

// rulesOf returns the rules of the problems that name key.
func rulesOf(ps []check.Problem, key string) []string {
	var rules []string
	for _, p := range ps {
		if p.Field == key {
			rules = append(rules, p.Rule)
		}
	}
	return rules
}

func TestParseDefaults(t *testing.T) {
	for name, ctx := range map[string]map[string]any{"empty": {}, "nil": nil} {
		t.Run(name+" context gives the defaults", func(t *testing.T) {
			a, err := Parse(ctx)
			require.NoError(t, err)
			assert.Equal(t, DefaultStackName, a.StackName)
			require.NotNil(t, a.Props.WebDir)
			assert.Equal(t, DefaultWebDir, *a.Props.WebDir)
			require.NotNil(t, a.Props.Folders)
			assert.Nil(t, a.Props.Env)
		})
	}
	t.Run("CDK feature flags and the CDK's own keys are not ours to refuse", func(t *testing.T) {
		_, err := Parse(map[string]any{"@aws-cdk/core:checkSecretUsage": true, "aws:cdk:enable-path-metadata": true})
		assert.NoError(t, err)
	})
}

func TestParseStringForms(t *testing.T) {
	a, err := Parse(map[string]any{
		"selfSignUp":        "false",
		"allowGuests":       true,
		"passwordMinLength": "12",
		"logsRetentionDays": 30.0,
		"corsOrigins":       "http://localhost:5173, https://app.example.com",
		"callbackUrls":      `["http://localhost:5173/", "https://app.example.com/"]`,
		"mfa":               " optional ",
		"account":           "123456789012",
		"region":            "eu-west-1",
		"stackName":         "Files",
	})
	require.NoError(t, err)
	f := a.Props.Folders
	t.Run("booleans", func(t *testing.T) {
		require.NotNil(t, f.Auth.SelfSignUp)
		assert.False(t, *f.Auth.SelfSignUp)
		assert.True(t, *f.Auth.AllowGuests)
	})
	t.Run("integers", func(t *testing.T) {
		assert.Equal(t, 12.0, *f.Auth.PasswordMinLength)
		assert.Equal(t, 30.0, *f.Site.LogsRetentionDays)
	})
	t.Run("comma-separated lists, trimmed", func(t *testing.T) {
		require.NotNil(t, f.Storage.CorsOrigins)
		assert.Equal(t, []string{"http://localhost:5173", "https://app.example.com"}, deref(*f.Storage.CorsOrigins))
	})
	t.Run("JSON array strings", func(t *testing.T) {
		require.NotNil(t, f.Auth.CallbackUrls)
		assert.Equal(t, []string{"http://localhost:5173/", "https://app.example.com/"}, deref(*f.Auth.CallbackUrls))
	})
	t.Run("strings trimmed, stack name and environment", func(t *testing.T) {
		assert.Equal(t, "optional", *f.Auth.Mfa)
		assert.Equal(t, "Files", a.StackName)
		require.NotNil(t, a.Props.Env)
		assert.Equal(t, "123456789012", *a.Props.Env.Account)
		assert.Equal(t, "eu-west-1", *a.Props.Env.Region)
	})
}

func deref(list []*string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = *s
	}
	return out
}

func TestParseFails(t *testing.T) {
	cases := []struct {
		name string
		ctx  map[string]any
		key  string
		rule string
	}{
		{"fails when a boolean is not true or false", map[string]any{"selfSignUp": "yes"}, "selfSignUp", "must be true or false"},
		{"fails when a boolean is a number", map[string]any{"allowGuests": 1.0}, "allowGuests", "must be true or false"},
		{"fails when an integer is not a number", map[string]any{"passwordMinLength": "twelve"}, "passwordMinLength", "must be a whole number"},
		{"fails when an integer key gets a fraction", map[string]any{"passwordMinLength": 12.5}, "passwordMinLength", "must be a whole number"},
		{"fails when an integer key gets a fraction as a string", map[string]any{"idTokenValidityMinutes": "30.5"}, "idTokenValidityMinutes", "must be a whole number"},
		{"fails when a list is a number", map[string]any{"corsOrigins": 5.0}, "corsOrigins", "must be a list of strings"},
		{"fails when a list holds a number", map[string]any{"callbackUrls": []any{1.0}}, "callbackUrls", "must be a list of strings"},
		{"fails when a list string is broken JSON", map[string]any{"corsOrigins": `["https://a.example.com"`}, "corsOrigins", "must be a JSON list"},
		{"fails when a string key gets a boolean", map[string]any{"mfa": true}, "mfa", "must be a string"},
		{"fails when mfa is not a mode", map[string]any{"mfa": "maybe"}, "mfa", "must be one of off, optional, required"},
		{"fails when the alarm email is not an address", map[string]any{"alarmEmail": "ops@example"}, "alarmEmail", "must be one email address"},
		{"fails when an alarm email is given with monitoring off", map[string]any{"alarmEmail": "ops@example.com", "monitoring": "false"}, "alarmEmail",
			"must be unset when monitoring is off"},
		{"fails when the domain prefix has uppercase", map[string]any{"domainPrefix": "MyApp"}, "domainPrefix", "must be 1-63 lowercase letters"},
		{"fails when the domain prefix contains aws", map[string]any{"domainPrefix": "my-aws-app"}, "domainPrefix", `must not contain "aws"`},
		{"fails when the domain prefix is too long", map[string]any{"domainPrefix": strings.Repeat("a", 64)}, "domainPrefix", "must be 1-63"},
		{"fails when the domain prefix starts with a hyphen", map[string]any{"domainPrefix": "-files"}, "domainPrefix", "starting and ending with a letter or digit"},
		{"fails when a callback uses http on a public host",
			map[string]any{"callbackUrls": "http://app.example.com/", "corsOrigins": "https://app.example.com"}, "callbackUrls", "must use https"},
		{"fails when a CORS origin is *", map[string]any{"corsOrigins": "*"}, "corsOrigins", "must not contain a wildcard"},
		{"fails when a CORS origin has a path", map[string]any{"corsOrigins": "https://app.example.com/app"}, "corsOrigins", "must be an origin only"},
		{"fails when a CORS origin uses http on a public host", map[string]any{"corsOrigins": "http://app.example.com"}, "corsOrigins", "must use https"},
		{"fails when the owner prefix has no trailing slash", map[string]any{"ownerPrefix": "private"}, "ownerPrefix", `must end with "/"`},
		{"fails when the owner prefix has a leading slash", map[string]any{"ownerPrefix": "/private/"}, "ownerPrefix", `must not start with "/"`},
		{"fails when the owner prefix has a wildcard", map[string]any{"ownerPrefix": "*/"}, "ownerPrefix", `must not contain "*"`},
		{"fails when retention days are negative", map[string]any{"noncurrentVersionExpirationDays": "-5"}, "noncurrentVersionExpirationDays", "must be a whole number from 1 to 3650"},
		{"fails when log retention is zero", map[string]any{"logsRetentionDays": 0.0}, "logsRetentionDays", "must be a whole number from 1 to 3650"},
		{"fails when the password may be shorter than 8", map[string]any{"passwordMinLength": "7"}, "passwordMinLength", "must be a whole number from 8 to 99"},
		{"fails when the feature plan is lite", map[string]any{"featurePlan": "lite"}, "featurePlan", "must be one of essentials, plus: the managed login pages need one of them"},
		{"fails when a key is unknown, suggesting the nearest", map[string]any{"mfaa": "off"}, "mfaa", `did you mean "mfa"?`},
		{"fails when a key is unknown and like no other", map[string]any{"colour": "blue"}, "colour", "is not a setting of this app"},
		{"fails when the stack name starts with a digit", map[string]any{"stackName": "1files"}, "stackName", "must start with a letter"},
		{"fails when the stack name has an underscore", map[string]any{"stackName": "my_files"}, "stackName", "letters, digits and hyphens"},
		{"fails when the account is not 12 digits", map[string]any{"account": "12345"}, "account", "12-digit"},
		{"fails when the region is not a region", map[string]any{"region": "Europe"}, "region", "must be an AWS region"},
		{"fails when the data bucket name has dots", map[string]any{"dataBucketName": "my.files"}, "dataBucketName", "lowercase letters, digits or hyphens"},
		{"fails when site domain names have no certificate", map[string]any{"siteDomainNames": "files.example.com"}, "siteCertificateArn", "must be set"},
		{"fails when a certificate has no site domain names",
			map[string]any{"siteCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"}, "siteDomainNames", "must name"},
		{"fails when a callback URL's origin is not in corsOrigins", map[string]any{"callbackUrls": "http://localhost:5173/"}, "callbackUrls", "must also be in corsOrigins"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := problems(t, c.ctx)
			rules := rulesOf(ps, c.key)
			require.NotEmpty(t, rules, "no problem names %q; got %v", c.key, ps)
			assert.True(t, strings.Contains(strings.Join(rules, "\n"), c.rule), "%q: want a rule containing %q, got %q", c.key, c.rule, rules)
			for _, p := range ps {
				assert.Contains(t, p.String(), "(received: ")
			}
		})
	}
}

func TestParseReportsEverything(t *testing.T) {
	t.Run("every bad setting at once", func(t *testing.T) {
		ps := problems(t, map[string]any{
			"selfSignUp":        "yes",
			"passwordMinLength": "x",
			"corsOrigins":       5.0,
			"mfaa":              "off",
			"stackName":         "1files",
		})
		assert.Len(t, ps, 5, "%v", ps)
		var keys []string
		for _, p := range ps {
			keys = append(keys, p.Field)
		}
		assert.ElementsMatch(t, []string{"selfSignUp", "passwordMinLength", "corsOrigins", "mfaa", "stackName"}, keys)
	})
	t.Run("every broken rule at once", func(t *testing.T) {
		ps := problems(t, map[string]any{
			"mfa":          "maybe",
			"domainPrefix": "My_App",
			"corsOrigins":  "*",
			"ownerPrefix":  "private",
		})
		assert.Len(t, ps, 4, "%v", ps)
	})
	t.Run("fails when one problem is reported twice", func(t *testing.T) {
		ps := problems(t, map[string]any{"logsRetentionDays": 0.0})
		assert.Len(t, ps, 1, "%v", ps)
	})
}

func TestParseFederation(t *testing.T) {
	t.Run("providers and the server client from cdk.json JSON and -c strings", func(t *testing.T) {
		a, err := Parse(map[string]any{
			"google": map[string]any{"clientId": "g.apps.googleusercontent.com", "clientSecretId": "privatefolders/google", "clientSecretJsonField": "secret"},
			"oidcProviders": `[{"name":"Okta","issuerUrl":"https://example.okta.com","clientId":"okta","clientSecretId":"okta",
				"scopes":["openid","email"],"attributeMapping":{"given_name":"given_name"}}]`,
			"samlProviders": []any{map[string]any{"name": "Corp", "metadataFile": "<EntityDescriptor/>"}},
			"serverClient":  `{"name":"filestash","callbackUrls":["https://files.example.com/api/session/auth/"]}`,
		})
		require.NoError(t, err)
		f := a.Props.Folders.Auth
		require.NotNil(t, f.Google)
		assert.Equal(t, "secret", *f.Google.ClientSecretJsonField)
		require.Len(t, *f.OidcProviders, 1)
		o := (*f.OidcProviders)[0]
		assert.Equal(t, "https://example.okta.com", *o.IssuerUrl)
		assert.Equal(t, []string{"openid", "email"}, deref(*o.Scopes))
		assert.Equal(t, "given_name", *(*o.AttributeMapping)["given_name"])
		assert.Equal(t, "<EntityDescriptor/>", *(*f.SamlProviders)[0].MetadataFile)
		assert.Equal(t, "filestash", *f.ServerClient.Name)
		assert.Nil(t, f.ServerClient.LogoutUrls)
	})
	cases := []struct {
		name string
		ctx  map[string]any
		key  string
		rule string
	}{
		{"fails when a client secret is in plaintext", map[string]any{"google": `{"clientId":"g","clientSecret":"SENTINEL-PLAINTEXT"}`},
			"google", `must not hold the secret "clientSecret" itself`},
		{"fails when an OIDC client secret is in plaintext", map[string]any{"oidcProviders": []any{map[string]any{
			"name": "Okta", "issuerUrl": "https://example.okta.com", "clientId": "c", "clientSecretId": "okta", "clientSecret": "SENTINEL-PLAINTEXT"}}},
			"oidcProviders", "Store it in AWS Secrets Manager"},
		{"fails when a provider field is unknown", map[string]any{"oidcProviders": `[{"name":"Okta","issuer":"https://example.okta.com"}]`},
			"oidcProviders", `unknown field "issuer"`},
		{"fails when google is a list", map[string]any{"google": `[]`}, "google", "must be JSON of the form"},
		{"fails when the server client has an unknown field", map[string]any{"serverClient": `{"callbackUrl":"https://x.example.com/"}`},
			"serverClient", `unknown field "callbackUrl"`},
		{"fails when an issuer is not https", map[string]any{"oidcProviders": `[{"name":"Okta","issuerUrl":"http://example.okta.com","clientId":"c","clientSecretId":"okta"}]`},
			"oidcProviders.issuerUrl", "must be an https URL"},
		{"fails when SAML has no metadata", map[string]any{"samlProviders": `[{"name":"Corp"}]`}, "samlProviders.metadataUrl", "exactly one of"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := problems(t, c.ctx)
			rules := rulesOf(ps, c.key)
			for _, p := range ps {
				assert.NotContains(t, p.String(), "SENTINEL-PLAINTEXT", "a secret must not be quoted back")
			}
			assert.Contains(t, strings.Join(rules, "\n"), c.rule, "problems: %v", ps)
		})
	}
}
