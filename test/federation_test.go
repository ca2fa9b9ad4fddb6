package test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/config"
	"github.com/privatefolders/privatefolders/constructs/auth"
	"github.com/privatefolders/privatefolders/internal/compliance"
	"github.com/privatefolders/privatefolders/stacks"
)

// Sentinels stand in the secret references of federationContext, so a test
// can find every place they reach in the cloud assembly.
const (
	googleSecretSentinel = "SENTINEL-GOOGLE-SECRET-NAME"
	googleFieldSentinel  = "SENTINEL-GOOGLE-FIELD"
	oidcSecretSentinel   = "SENTINEL-OIDC-SECRET-NAME"
)

// federationContext has every kind of identity provider (Google, OpenID
// Connect, SAML by URL and by file) and a server client for Filestash,
// mixing the JSON cdk.json gives with the string -c gives.
var federationContext = map[string]any{
	"google": map[string]any{
		"clientId":              "1234-abc.apps.googleusercontent.com",
		"clientSecretId":        "privatefolders/" + googleSecretSentinel,
		"clientSecretJsonField": googleFieldSentinel,
	},
	"oidcProviders": `[{"name":"Okta","issuerUrl":"https://example.okta.com","clientId":"okta-client",
		"clientSecretId":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:` + oidcSecretSentinel + `",
		"scopes":["openid","email"],"attributeMapping":{"given_name":"given_name"}}]`,
	"samlProviders": []any{
		map[string]any{"name": "Corp", "metadataUrl": "https://idp.example.com/metadata.xml"},
		map[string]any{"name": "Lab", "metadataFile": `<EntityDescriptor entityID="https://lab.example.com"/>`,
			"attributeMapping": map[string]any{"email": "mail"}},
	},
	"serverClient": `{"name":"filestash","callbackUrls":["https://files.example.com/api/session/auth/"],
		"logoutUrls":["https://files.example.com/"],"scopes":["openid","email"]}`,
}

// federation is the every-provider configuration.
var federation = configuration("federation", federationContext)

// providers returns the identity providers of s by provider name.
func providers(t testing.TB, s *synthesized) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, r := range resources(t, s, "AWS::Cognito::UserPoolIdentityProvider") {
		out[props(r)["ProviderName"].(string)] = props(r)
	}
	return out
}

func TestIdentityProviders(t *testing.T) {
	s := federation(t)
	all := providers(t, s)
	t.Run("fails when a configured provider is missing or one too many exists", func(t *testing.T) {
		assert.ElementsMatch(t, []string{"Google", "Okta", "Corp", "Lab"}, keysOf(all))
	})
	t.Run("Google reads its client secret from Secrets Manager", func(t *testing.T) {
		has(s, "AWS::Cognito::UserPoolIdentityProvider", map[string]any{
			"ProviderName": "Google",
			"ProviderType": "Google",
			"ProviderDetails": map[string]any{
				"client_id":        "1234-abc.apps.googleusercontent.com",
				"client_secret":    "{{resolve:secretsmanager:privatefolders/" + googleSecretSentinel + ":SecretString:" + googleFieldSentinel + "::}}",
				"authorize_scopes": "openid email profile",
			},
			"AttributeMapping": map[string]any{"email": "email"},
		})
	})
	t.Run("the OpenID Connect provider trusts its issuer and reads its secret from Secrets Manager", func(t *testing.T) {
		has(s, "AWS::Cognito::UserPoolIdentityProvider", map[string]any{
			"ProviderName": "Okta",
			"ProviderType": "OIDC",
			"ProviderDetails": map[string]any{
				"client_id":        "okta-client",
				"client_secret":    "{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + oidcSecretSentinel + ":SecretString:::}}",
				"oidc_issuer":      "https://example.okta.com",
				"authorize_scopes": "openid email",
			},
			"AttributeMapping": map[string]any{"email": "email", "given_name": "given_name"},
		})
	})
	t.Run("SAML providers take metadata by URL or as the document", func(t *testing.T) {
		has(s, "AWS::Cognito::UserPoolIdentityProvider", map[string]any{
			"ProviderName":     "Corp",
			"ProviderType":     "SAML",
			"ProviderDetails":  map[string]any{"MetadataURL": "https://idp.example.com/metadata.xml"},
			"AttributeMapping": map[string]any{"email": auth.SamlEmailClaim},
		})
		has(s, "AWS::Cognito::UserPoolIdentityProvider", map[string]any{
			"ProviderName":     "Lab",
			"ProviderType":     "SAML",
			"ProviderDetails":  map[string]any{"MetadataFile": `<EntityDescriptor entityID="https://lab.example.com"/>`},
			"AttributeMapping": map[string]any{"email": "mail"},
		})
	})
	t.Run("fails when a provider does not map email (the user pool requires it)", func(t *testing.T) {
		for name, p := range all {
			assert.NotEmpty(t, path(p, "AttributeMapping", "email"), name)
		}
	})
	t.Run("fails when a provider's client secret is not a Secrets Manager dynamic reference", func(t *testing.T) {
		secrets := 0
		for name, p := range all {
			v, ok := path(p, "ProviderDetails").(map[string]any)["client_secret"]
			if !ok {
				continue
			}
			secrets++
			str, _ := v.(string)
			assert.True(t, strings.HasPrefix(str, "{{resolve:secretsmanager:") && strings.HasSuffix(str, "}}"), "%s: %v", name, v)
		}
		assert.Equal(t, 2, secrets, "Google and Okta have client secrets")
	})
}

func TestFederatedAppClients(t *testing.T) {
	s := federation(t)
	sys := s.stack.System
	clients := map[string]string{"web": idOf(sys.Auth.Client), "server": idOf(sys.Auth.ServerClient)}
	for kind, id := range clients {
		c := resource(t, s, "AWS::Cognito::UserPoolClient", id)
		t.Run("the "+kind+" client offers the user pool and every provider", func(t *testing.T) {
			assert.Equal(t, []any{"COGNITO", "Corp", "Google", "Lab", "Okta"}, props(c)["SupportedIdentityProviders"])
		})
		t.Run("the "+kind+" client is created after every provider", func(t *testing.T) {
			for name, p := range sys.Auth.Providers {
				assert.Contains(t, strs(c["DependsOn"]), idOf(p), name)
			}
		})
		t.Run("the "+kind+" client may write every mapped attribute (Cognito updates them at each federated sign-in)", func(t *testing.T) {
			assert.Subset(t, strs(props(c)["WriteAttributes"]), []string{"email", "given_name", "name"})
			assert.NotContains(t, strs(props(c)["WriteAttributes"]), "email_verified")
		})
	}
	t.Run("without providers the web client offers the user pool only", func(t *testing.T) {
		c := resource(t, defaults(t), "AWS::Cognito::UserPoolClient", idOf(defaults(t).stack.System.Auth.Client))
		assert.Equal(t, []any{"COGNITO"}, props(c)["SupportedIdentityProviders"])
		assert.Equal(t, []any{"email", "name"}, props(c)["WriteAttributes"])
		defaults(t).template.ResourceCountIs(jsii.String("AWS::Cognito::UserPoolIdentityProvider"), jsii.Number(0))
	})
}

func TestServerClient(t *testing.T) {
	s := federation(t)
	sys := s.stack.System
	clientID := idOf(sys.Auth.ServerClient)
	// The CDK's AwsCustomResource that reads the client secret, and its custom resource.
	reader := idOf(sys.Auth.ServerClient.Node().FindChild(jsii.String("DescribeCognitoUserPoolClient")).Node().FindChild(jsii.String("Resource")))
	t.Run("is confidential and uses the authorization code flow only", func(t *testing.T) {
		c := props(resource(t, s, "AWS::Cognito::UserPoolClient", clientID))
		assert.Equal(t, true, c["GenerateSecret"])
		assert.Equal(t, []any{"code"}, c["AllowedOAuthFlows"])
		assert.Equal(t, []any{"ALLOW_REFRESH_TOKEN_AUTH"}, c["ExplicitAuthFlows"])
		assert.Equal(t, "filestash", c["ClientName"])
		assert.Equal(t, []any{"openid", "email"}, c["AllowedOAuthScopes"])
		assert.Equal(t, []any{"https://files.example.com/api/session/auth/"}, c["CallbackURLs"])
		assert.Equal(t, []any{"https://files.example.com/"}, c["LogoutURLs"])
	})
	t.Run("has its own managed-login style, or its sign-in pages would be unavailable", func(t *testing.T) {
		has(s, "AWS::Cognito::ManagedLoginBranding", map[string]any{"ClientId": map[string]any{"Ref": clientID}, "UseCognitoProvidedValues": true})
	})
	t.Run("its secret goes from the client into a Secrets Manager secret, never as a literal", func(t *testing.T) {
		secret := props(resource(t, s, "AWS::SecretsManager::Secret", idOf(sys.Auth.ServerClientSecret)))
		value := render(secret["SecretString"])
		assert.Equal(t, `{"clientId":"<`+clientID+`>","clientSecret":"<`+reader+`.UserPoolClient.ClientSecret>"}`, value)
	})
	t.Run("the custom resource reading the secret hides the API response from its logs", func(t *testing.T) {
		r := props(resource(t, s, "Custom::DescribeCognitoUserPoolClient", reader))
		for _, phase := range []string{"Create", "Update"} {
			call := render(r[phase])
			assert.Contains(t, call, `"action":"describeUserPoolClient"`)
			assert.Contains(t, call, `"logApiResponseData":false`, phase)
		}
		assert.NotEqual(t, true, cdkContext(t, nil)[auth.LogClientSecretFlag], "cdk.json must not turn on %s", auth.LogClientSecretFlag)
	})
	t.Run("the outputs give the client id and the secret's ARN, never the secret", func(t *testing.T) {
		out := outputs(s)
		require.Contains(t, out, "ServerClientId")
		require.Contains(t, out, "ServerClientSecretArn")
		assert.Equal(t, map[string]any{"Ref": clientID}, out["ServerClientId"]["Value"])
		assert.Equal(t, map[string]any{"Ref": idOf(sys.Auth.ServerClientSecret)}, out["ServerClientSecretArn"]["Value"])
		assert.Contains(t, out, "OidcDiscoveryUrl")
		for name, o := range out {
			assert.False(t, refersTo(o["Value"], reader), "output %s exposes the client secret", name)
		}
	})
	t.Run("without a server client there is no secret and no server output", func(t *testing.T) {
		d := defaults(t)
		d.template.ResourceCountIs(jsii.String("AWS::SecretsManager::Secret"), jsii.Number(0))
		assert.NotContains(t, outputs(d), "ServerClientId")
		assert.NotContains(t, outputs(d), "ServerClientSecretArn")
	})
}

// secretLiteral finds a client secret written as a literal in JSON text
// (raw or escaped inside another string), capturing its value.
var secretLiteral = regexp.MustCompile(`(?i)client_?secret\\*"\s*:\s*\\*"([^"\\]*)`)

func TestNoSecretInAssembly(t *testing.T) {
	s := federation(t)
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(s.outdir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".zip") {
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	}))
	require.NotEmpty(t, files)
	t.Run("fails when a secret reference appears anywhere but inside a dynamic reference", func(t *testing.T) {
		for _, sentinel := range []string{googleSecretSentinel, googleFieldSentinel, oidcSecretSentinel} {
			inRef := regexp.MustCompile(`\{\{resolve:secretsmanager:[^}]*` + sentinel)
			total := 0
			for p, text := range files {
				n := strings.Count(text, sentinel)
				total += n
				assert.Equal(t, n, len(inRef.FindAllStringIndex(text, -1)), "%s: %s outside {{resolve:secretsmanager:...}}", p, sentinel)
			}
			assert.Positive(t, total, "%s is not referenced at all", sentinel)
		}
	})
	t.Run("fails when a file holds a client secret as a literal", func(t *testing.T) {
		found := 0
		for p, text := range files {
			for _, m := range secretLiteral.FindAllStringSubmatch(text, -1) {
				found++
				if m[1] != "" {
					assert.True(t, strings.HasPrefix(m[1], "{{resolve:secretsmanager:"), "%s: %s", p, m[0])
				}
			}
		}
		assert.Positive(t, found, "the pattern must see the provider secrets and the server client's secret key")
	})
}

func TestFederationCompliance(t *testing.T) {
	s := federation(t)
	for _, pack := range compliance.PackNames {
		t.Run("fails when "+pack+" has an unsuppressed error", func(t *testing.T) {
			findings := assertions.Annotations_FromStack(s.stack.Stack).
				FindError(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String(pack+"-.*")))
			for _, f := range *findings {
				t.Errorf("%s: %v", *f.Id, f.Entry.Data)
			}
		})
	}
}

// withContext is the federation configuration with key set to v (JSON text).
func withContext(key, v string) map[string]any {
	ctx := map[string]any{}
	for k, x := range federationContext {
		ctx[k] = x
	}
	ctx[key] = v
	return ctx
}

func TestFederationRefused(t *testing.T) {
	okta := `"issuerUrl":"https://example.okta.com","clientId":"c","clientSecretId":"okta"`
	cases := []struct {
		name, key, value, field, rule string
	}{
		{"fails when an issuer is not https", "oidcProviders", `[{"name":"Okta","issuerUrl":"http://example.okta.com","clientId":"c","clientSecretId":"okta"}]`,
			"oidcProviders.issuerUrl", "must be an https URL"},
		{"fails when a client id is missing", "oidcProviders", `[{"name":"Okta","issuerUrl":"https://example.okta.com","clientSecretId":"okta"}]`,
			"oidcProviders.clientId", "must be the client id"},
		{"fails when Google has no client id", "google", `{"clientSecretId":"google"}`, "google.clientId", "must be the OAuth client id"},
		{"fails when a client secret is written in plaintext", "google", `{"clientId":"g","clientSecret":"SENTINEL-PLAINTEXT-VALUE"}`,
			"google", `must not hold the secret "clientSecret" itself`},
		{"fails when an OIDC client secret is written in plaintext", "oidcProviders", `[{"name":"Okta",` + okta + `,"clientSecret":"SENTINEL-PLAINTEXT-VALUE"}]`,
			"oidcProviders", "Store it in AWS Secrets Manager"},
		{"fails when the secret id is the Google secret itself", "google", `{"clientId":"g","clientSecretId":"GOCSPX-SENTINEL-PLAINTEXT-VALUE"}`,
			"google.clientSecretId", "looks like a Google client secret"},
		{"fails when a mapping names an unknown attribute", "oidcProviders", `[{"name":"Okta",` + okta + `,"attributeMapping":{"shoe_size":"size"}}]`,
			"oidcProviders.attributeMapping", "must map only standard user pool attributes"},
		{"fails when a mapping would let users verify their own email", "samlProviders", `[{"name":"Corp","metadataUrl":"https://idp.example.com/m","attributeMapping":{"email_verified":"v"}}]`,
			"samlProviders.attributeMapping", "must map only standard user pool attributes"},
		{"fails when SAML has neither metadata URL nor file", "samlProviders", `[{"name":"Corp"}]`,
			"samlProviders.metadataUrl", "exactly one of samlProviders.metadataUrl and samlProviders.metadataFile"},
		{"fails when two providers share a name", "samlProviders", `[{"name":"Okta","metadataUrl":"https://idp.example.com/m"}]`,
			"samlProviders.name", "must be unique"},
		{"fails when a provider takes a reserved name", "samlProviders", `[{"name":"Google","metadataUrl":"https://idp.example.com/m"}]`,
			"samlProviders.name", "reserves"},
		{"fails when a provider has an unknown field", "samlProviders", `[{"name":"Corp","metadataUri":"https://idp.example.com/m"}]`,
			"samlProviders", `unknown field "metadataUri"`},
		{"fails when the server client has no callback URL", "serverClient", `{"name":"filestash"}`, "serverClient.callbackUrls", "at least one"},
		{"fails when a server callback uses http on a public host", "serverClient", `{"callbackUrls":["http://files.example.com/api/session/auth/"]}`,
			"serverClient.callbackUrls", "must use https"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := config.Parse(cdkContext(t, withContext(c.key, c.value)))
			var e *check.Error
			require.True(t, errors.As(err, &e), "not refused: %v", err)
			assert.NotContains(t, err.Error(), "SENTINEL-PLAINTEXT-VALUE", "a refused secret must not be quoted back")
			var rules []string
			for _, p := range e.Problems {
				if p.Field == c.field {
					rules = append(rules, p.Rule)
				}
			}
			assert.Contains(t, strings.Join(rules, "\n"), c.rule, "problems: %v", e.Problems)
		})
	}
	t.Run("fails when the CDK would log the client secret", func(t *testing.T) {
		ctx := cdkContext(t, federationContext)
		ctx[auth.LogClientSecretFlag] = true
		cfg, err := config.Parse(ctx)
		require.NoError(t, err)
		app := awscdk.NewApp(&awscdk.AppProps{Context: &ctx, Outdir: jsii.String(t.TempDir())})
		err = func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = check.FromPanic(r)
				}
			}()
			stacks.New(app, jsii.String(cfg.StackName), cfg.Props)
			return nil
		}()
		require.Error(t, err)
		assert.Contains(t, err.Error(), auth.LogClientSecretFlag+": must be false")
	})
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
