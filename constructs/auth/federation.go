package auth

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/internal/naming"
)

// GoogleProvider adds "Sign in with Google" to the managed login pages.
// The client secret is never given here: only the Secrets Manager secret
// that holds it, which the template reads as a dynamic reference.
type GoogleProvider struct {
	// ClientId is the OAuth client id from the Google Cloud console
	// ("…apps.googleusercontent.com"). Required.
	ClientId *string
	// ClientSecretId is the name or ARN of the AWS Secrets Manager secret
	// holding the OAuth client secret. Required.
	ClientSecretId *string
	// ClientSecretJsonField is the key of the client secret when the secret
	// is a JSON object. Default: the whole secret string is the client secret.
	ClientSecretJsonField *string
	// Scopes are requested from Google; they must include "email".
	// Default: "openid", "email", "profile".
	Scopes *[]*string
	// AttributeMapping maps user pool attributes (such as "name") to Google
	// attributes; see MappableAttributes. Default: {"email": "email"}; email is
	// always mapped because the user pool requires it.
	AttributeMapping *map[string]*string
}

// OidcProvider is a generic OpenID Connect identity provider (Okta,
// Microsoft Entra ID, Keycloak, Auth0, ...), shown on the managed login
// pages as a button with its name.
type OidcProvider struct {
	// Name is the provider's name on the button and in the app client's
	// supported providers: 3-32 characters, not starting with "_" or a space,
	// and unique. Required.
	Name *string
	// IssuerUrl is the provider's issuer, an https URL whose
	// /.well-known/openid-configuration Cognito reads. Required.
	IssuerUrl *string
	// ClientId is the client id registered at the provider. Required.
	ClientId *string
	// ClientSecretId is the name or ARN of the AWS Secrets Manager secret
	// holding the client secret. Required.
	ClientSecretId *string
	// ClientSecretJsonField is the key of the client secret when the secret
	// is a JSON object. Default: the whole secret string is the client secret.
	ClientSecretJsonField *string
	// Scopes are requested from the provider; they must include "openid".
	// Default: "openid", "email", "profile".
	Scopes *[]*string
	// AttributeMapping maps user pool attributes to the provider's claims;
	// see MappableAttributes. Default: {"email": "email"}; email is always
	// mapped because the user pool requires it.
	AttributeMapping *map[string]*string
}

// SamlProvider is a SAML 2.0 identity provider, shown on the managed login
// pages as a button with its name. Exactly one of MetadataUrl and
// MetadataFile is required.
type SamlProvider struct {
	// Name is the provider's name on the button and in the app client's
	// supported providers: 3-32 characters, not starting with "_" or a space,
	// and unique. Required.
	Name *string
	// MetadataUrl is the https URL of the provider's SAML metadata document.
	// Default: none (then MetadataFile is required).
	MetadataUrl *string
	// MetadataFile is the provider's SAML metadata document itself (XML).
	// Default: none (then MetadataUrl is required).
	MetadataFile *string
	// AttributeMapping maps user pool attributes to SAML assertion
	// attributes; see MappableAttributes. Default: {"email": SamlEmailClaim};
	// email is always mapped because the user pool requires it.
	AttributeMapping *map[string]*string
}

// SamlEmailClaim is the SAML attribute mapped to email unless a SAML
// provider's AttributeMapping names another: the claim Microsoft Entra ID
// and AD FS send.
const SamlEmailClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"

// MappableAttributes are the user pool attributes an identity provider's
// attribute may be mapped to. Left out: sub and the *_verified flags (a
// user must not be able to set them: the app clients get write access to
// every mapped attribute, as Cognito requires) and updated_at, which
// Cognito keeps itself.
var MappableAttributes = []string{
	"address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name",
	"name", "nickname", "phone_number", "picture", "preferred_username", "profile", "website", "zoneinfo",
}

// reservedProviderNames are the names Cognito gives its own and its social
// providers; an OIDC or SAML provider may not take one.
var reservedProviderNames = []string{"COGNITO", "Google", "Facebook", "LoginWithAmazon", "SignInWithApple"}

// GoogleProviderName is the provider name Cognito gives Google.
const GoogleProviderName = "Google"

var (
	// providerNameRule is the pattern Cognito (and the CDK) require of
	// OIDC and SAML provider names.
	providerNameRule = regexp.MustCompile(`^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$`)
	secretNameRule   = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]{1,512}$`)
	secretArnRule    = regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$`)
)

// defaultFederationScopes are requested from Google and OIDC providers
// unless their Scopes say otherwise.
var defaultFederationScopes = []string{"openid", "email", "profile"}

// ValidateSecretId checks a reference to a Secrets Manager secret: a secret
// name or ARN, never the secret value itself. Unresolved tokens are skipped.
func ValidateSecretId(ps *check.Problems, field string, id *string) {
	if id == nil || strings.TrimSpace(*id) == "" {
		ps.Add(field, "", "must name the AWS Secrets Manager secret holding the client secret (its name or ARN); the secret itself never goes in the configuration")
		return
	}
	if check.IsToken(*id) {
		return
	}
	switch {
	case strings.HasPrefix(*id, "GOCSPX-"):
		// Never quote what looks like a secret back into a log.
		ps.Add(field, "(not shown)", "looks like a Google client secret itself: store it in AWS Secrets Manager and give the secret's name or ARN here")
	case strings.HasPrefix(*id, "arn:"):
		if !secretArnRule.MatchString(*id) {
			ps.Add(field, *id, "must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or a secret name")
		}
	case !secretNameRule.MatchString(*id):
		ps.Add(field, "(not shown)", "must be a Secrets Manager secret name (1-512 letters, digits and /_+=.@-) or ARN, not the secret value itself")
	}
}

func validateJSONField(ps *check.Problems, field string, f *string) {
	if f == nil || check.IsToken(*f) {
		return
	}
	if strings.TrimSpace(*f) == "" || strings.Contains(*f, ":") {
		ps.Add(field, *f, `must be a JSON key of the secret, without ":"`)
	}
}

func validateRequired(ps *check.Problems, field string, v *string, rule string) bool {
	if v == nil || strings.TrimSpace(*v) == "" {
		ps.Add(field, "", rule)
		return false
	}
	return true
}

func validateScopes(ps *check.Problems, field string, scopes *[]*string, must string) {
	if scopes == nil {
		return
	}
	found := false
	for _, s := range *scopes {
		if s == nil || strings.TrimSpace(*s) == "" || strings.ContainsAny(*s, " \t") {
			ps.Add(field, s, "must be single words such as openid, email, profile")
			continue
		}
		found = found || *s == must
	}
	if !found {
		ps.Add(field, derefAll(*scopes), fmt.Sprintf("must include %q", must))
	}
}

// validateMapping checks an attribute mapping: only MappableAttributes,
// each from a named provider attribute.
func validateMapping(ps *check.Problems, field string, m *map[string]*string) {
	if m == nil {
		return
	}
	for _, k := range sortedKeys(*m) {
		if !contains(MappableAttributes, k) {
			ps.Add(field, k, "must map only standard user pool attributes: "+strings.Join(MappableAttributes, ", "))
			continue
		}
		if v := (*m)[k]; v == nil || strings.TrimSpace(*v) == "" {
			ps.Add(field, k, "must map each user pool attribute from a named provider attribute, not from nothing")
		}
	}
}

// validateProviderName checks an OIDC or SAML provider name and that no
// other provider took it (seen holds the names so far, by lower case).
func validateProviderName(ps *check.Problems, field string, name *string, seen map[string]bool) {
	if !validateRequired(ps, field, name, "must be set for every provider: it names the sign-in button") {
		return
	}
	n := *name
	if check.IsToken(n) {
		return
	}
	if l := len([]rune(n)); l < 3 || l > 32 || !providerNameRule.MatchString(n) {
		ps.Add(field, n, "must be 3-32 letters, digits, symbols or punctuation, not starting with _ or a space")
	}
	for _, r := range reservedProviderNames {
		if strings.EqualFold(n, r) {
			ps.Add(field, n, "must not be a name Cognito reserves: "+strings.Join(reservedProviderNames, ", "))
		}
	}
	if seen[strings.ToLower(n)] {
		ps.Add(field, n, "must be unique among the identity providers (case-insensitively, so the buttons can be told apart)")
	}
	seen[strings.ToLower(n)] = true
}

// validateFederation reports every problem with the identity providers.
func validateFederation(ps *check.Problems, p Props) {
	if g := p.Google; g != nil {
		validateRequired(ps, "Google.ClientId", g.ClientId, "must be the OAuth client id from the Google Cloud console")
		ValidateSecretId(ps, "Google.ClientSecretId", g.ClientSecretId)
		validateJSONField(ps, "Google.ClientSecretJsonField", g.ClientSecretJsonField)
		validateScopes(ps, "Google.Scopes", g.Scopes, "email")
		validateMapping(ps, "Google.AttributeMapping", g.AttributeMapping)
	}
	seen := map[string]bool{}
	for _, o := range deref(p.OidcProviders) {
		validateProviderName(ps, "OidcProviders.Name", o.Name, seen)
		if validateRequired(ps, "OidcProviders.IssuerUrl", o.IssuerUrl, "must be the provider's https issuer URL") && !check.IsToken(*o.IssuerUrl) {
			checkHTTPS(ps, "OidcProviders.IssuerUrl", *o.IssuerUrl)
		}
		validateRequired(ps, "OidcProviders.ClientId", o.ClientId, "must be the client id registered at the provider")
		ValidateSecretId(ps, "OidcProviders.ClientSecretId", o.ClientSecretId)
		validateJSONField(ps, "OidcProviders.ClientSecretJsonField", o.ClientSecretJsonField)
		validateScopes(ps, "OidcProviders.Scopes", o.Scopes, "openid")
		validateMapping(ps, "OidcProviders.AttributeMapping", o.AttributeMapping)
	}
	for _, s := range deref(p.SamlProviders) {
		validateProviderName(ps, "SamlProviders.Name", s.Name, seen)
		hasURL := s.MetadataUrl != nil && strings.TrimSpace(*s.MetadataUrl) != ""
		hasFile := s.MetadataFile != nil && strings.TrimSpace(*s.MetadataFile) != ""
		switch {
		case hasURL == hasFile:
			ps.Add("SamlProviders.MetadataUrl", s.Name, "exactly one of SamlProviders.MetadataUrl and SamlProviders.MetadataFile must be set",
				"SamlProviders.MetadataUrl", "SamlProviders.MetadataFile")
		case hasURL && !check.IsToken(*s.MetadataUrl):
			checkHTTPS(ps, "SamlProviders.MetadataUrl", *s.MetadataUrl)
		case hasFile && !check.IsToken(*s.MetadataFile) && !strings.HasPrefix(strings.TrimSpace(*s.MetadataFile), "<"):
			ps.Add("SamlProviders.MetadataFile", s.Name, "must be the SAML metadata document itself (XML), not a path")
		}
		validateMapping(ps, "SamlProviders.AttributeMapping", s.AttributeMapping)
	}
	if p.Google != nil && seen[strings.ToLower(GoogleProviderName)] {
		ps.Add("OidcProviders.Name", GoogleProviderName, "is taken by the Google provider")
	}
}

func checkHTTPS(ps *check.Problems, field, u string) {
	if !strings.HasPrefix(u, "https://") || len(u) == len("https://") || strings.ContainsAny(u, " #") {
		ps.Add(field, u, "must be an https URL")
	}
}

// mapping is the attribute mapping of a provider: email from emailFrom,
// then the configured entries (which may name another source for email).
func mapping(emailFrom string, m *map[string]*string) map[string]string {
	out := map[string]string{"email": emailFrom}
	if m != nil {
		for k, v := range *m {
			if v != nil {
				out[k] = *v
			}
		}
	}
	return out
}

// attributeMapping renders a mapping for the CDK. Cognito's own attribute
// names go in Custom, which the CDK writes out as they are.
func attributeMapping(m map[string]string) *awscognito.AttributeMapping {
	custom := map[string]awscognito.ProviderAttribute{}
	for k, v := range m {
		custom[k] = awscognito.ProviderAttribute_Other(jsii.String(v))
	}
	return &awscognito.AttributeMapping{Custom: &custom}
}

// secretString is a dynamic reference to the client secret in Secrets
// Manager: CloudFormation resolves it at deploy time, so the value is in
// neither the configuration nor the template.
func secretString(id, jsonField *string) awscdk.SecretValue {
	return awscdk.SecretValue_SecretsManager(id, &awscdk.SecretsManagerSecretOptions{JsonField: jsonField})
}

func scopesOr(scopes *[]*string) *[]*string {
	if scopes == nil {
		return jsii.Strings(defaultFederationScopes...)
	}
	return scopes
}

// addProviders creates every configured identity provider and returns the
// attributes they map (which the app clients must be able to write).
func (a *Auth) addProviders(p Props) []string {
	mapped := map[string]bool{}
	if g := p.Google; g != nil {
		m := mapping("email", g.AttributeMapping)
		a.Providers[GoogleProviderName] = awscognito.NewUserPoolIdentityProviderGoogle(a.Construct, jsii.String("Google"), &awscognito.UserPoolIdentityProviderGoogleProps{
			UserPool:          a.UserPool,
			ClientId:          g.ClientId,
			ClientSecretValue: secretString(g.ClientSecretId, g.ClientSecretJsonField),
			Scopes:            scopesOr(g.Scopes),
			AttributeMapping:  attributeMapping(m),
		})
		addKeys(mapped, m)
	}
	for _, o := range deref(p.OidcProviders) {
		m := mapping("email", o.AttributeMapping)
		a.Providers[*o.Name] = awscognito.NewUserPoolIdentityProviderOidc(a.Construct, jsii.String("Oidc-"+naming.ConstructID(*o.Name)), &awscognito.UserPoolIdentityProviderOidcProps{
			UserPool:  a.UserPool,
			Name:      o.Name,
			IssuerUrl: o.IssuerUrl,
			ClientId:  o.ClientId,
			// The OIDC construct takes a string: the dynamic reference's.
			ClientSecret:     secretString(o.ClientSecretId, o.ClientSecretJsonField).UnsafeUnwrap(),
			Scopes:           scopesOr(o.Scopes),
			AttributeMapping: attributeMapping(m),
		})
		addKeys(mapped, m)
	}
	for _, s := range deref(p.SamlProviders) {
		m := mapping(SamlEmailClaim, s.AttributeMapping)
		var metadata awscognito.UserPoolIdentityProviderSamlMetadata
		if s.MetadataUrl != nil && strings.TrimSpace(*s.MetadataUrl) != "" {
			metadata = awscognito.UserPoolIdentityProviderSamlMetadata_Url(s.MetadataUrl)
		} else {
			metadata = awscognito.UserPoolIdentityProviderSamlMetadata_File(s.MetadataFile)
		}
		a.Providers[*s.Name] = awscognito.NewUserPoolIdentityProviderSaml(a.Construct, jsii.String("Saml-"+naming.ConstructID(*s.Name)), &awscognito.UserPoolIdentityProviderSamlProps{
			UserPool:         a.UserPool,
			Name:             s.Name,
			Metadata:         metadata,
			AttributeMapping: attributeMapping(m),
		})
		addKeys(mapped, m)
	}
	return sortedKeys(mapped)
}

// supportedProviders are the user pool itself and every external
// provider, in a stable order.
func (a *Auth) supportedProviders() *[]awscognito.UserPoolClientIdentityProvider {
	out := []awscognito.UserPoolClientIdentityProvider{awscognito.UserPoolClientIdentityProvider_COGNITO()}
	for _, name := range sortedKeys(a.Providers) {
		out = append(out, awscognito.UserPoolClientIdentityProvider_Custom(jsii.String(name)))
	}
	return &out
}

// afterProviders creates client after every external provider: a client
// naming a provider that does not exist yet fails to deploy.
func (a *Auth) afterProviders(client awscognito.UserPoolClient) {
	for _, name := range sortedKeys(a.Providers) {
		client.Node().AddDependency(a.Providers[name])
	}
}

func addKeys[V any](set map[string]bool, m map[string]V) {
	for k := range m {
		set[k] = true
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func deref[T any](list *[]*T) []*T {
	if list == nil {
		return nil
	}
	var out []*T
	for _, x := range *list {
		if x != nil {
			out = append(out, x)
		}
	}
	return out
}

func derefAll(list []*string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s != nil {
			out = append(out, *s)
		}
	}
	return out
}
