package folders

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/constructs/auth"
	"github.com/privatefolders/privatefolders/policies"
)

// AmplifyOutputsFile is the name of the Amplify client configuration the
// stack publishes next to config.json.
const AmplifyOutputsFile = "amplify_outputs.json"

// AmplifyOutputsVersion is the schema version of @aws-amplify/client-config
// the file follows.
const AmplifyOutputsVersion = "1.4"

// amplifyMfa maps the mfa setting to the schema's mfa_configuration.
var amplifyMfa = map[string]string{auth.MfaOff: "NONE", auth.MfaOptional: "OPTIONAL", auth.MfaRequired: "REQUIRED"}

// amplifyOutputs is the system described as Amplify's client configuration
// (amplify_outputs.json, schema 1.4), so Amplify JS, Amplify UI and its
// Storage Browser can use this backend as they would an Amplify one. Its
// storage paths come from the same rules as the IAM policies.
func amplifyOutputs(s *System, p Props) map[string]any {
	region := awscdk.Stack_Of(s.Construct).Region()
	a := s.Auth.Props
	redirects := *a.CallbackUrls
	authOut := map[string]any{
		"aws_region":          region,
		"user_pool_id":        s.Auth.UserPool.UserPoolId(),
		"user_pool_client_id": s.Auth.Client.UserPoolClientId(),
		"identity_pool_id":    s.Auth.IdentityPool.IdentityPoolId(),
		"password_policy": map[string]any{
			"min_length":        *a.PasswordMinLength,
			"require_numbers":   true,
			"require_lowercase": true,
			"require_uppercase": true,
			"require_symbols":   true,
		},
		"oauth": map[string]any{
			"identity_providers":    amplifyProviders(p),
			"domain":                jsii.String(*s.Auth.Domain.DomainName() + ".auth." + *region + ".amazoncognito.com"),
			"scopes":                auth.Scopes,
			"redirect_sign_in_uri":  redirects,
			"redirect_sign_out_uri": redirects,
			"response_type":         "code",
		},
		"standard_required_attributes":       []string{"email"},
		"username_attributes":                []string{"email"},
		"user_verification_types":            []string{"email"},
		"unauthenticated_identities_enabled": *a.AllowGuests,
		"mfa_configuration":                  amplifyMfa[*a.Mfa],
		"mfa_methods":                        []string{},
		"groups":                             amplifyGroups(p),
	}
	if *a.Mfa != auth.MfaOff {
		authOut["mfa_methods"] = []string{"TOTP"}
	}
	bucket := s.Storage.Bucket.BucketName()
	return map[string]any{
		"version": AmplifyOutputsVersion,
		"auth":    authOut,
		"storage": map[string]any{
			"aws_region":  region,
			"bucket_name": bucket,
			"buckets": []any{map[string]any{
				"name":        "files",
				"bucket_name": bucket,
				"aws_region":  region,
				"paths":       policies.AmplifyPaths(s.Storage.Levels.Rules(), *s.Auth.OwnerKey == policies.OwnerKeyIdentityID),
			}},
		},
	}
}

// amplifyGroups lists the user-pool groups with their precedence, in the
// schema's form: [{"<name>": {"precedence": n}}].
func amplifyGroups(p Props) []any {
	out := []any{}
	for _, g := range deref(p.Groups) {
		if g.Name != nil {
			out = append(out, map[string]any{*g.Name: map[string]any{"precedence": g.Precedence}})
		}
	}
	return out
}

// amplifyProviders lists the social providers the schema knows (GOOGLE);
// OpenID Connect and SAML providers are signed in with by name
// (signInWithRedirect({provider: {custom: name}})) and are not listed.
func amplifyProviders(p Props) []string {
	if copyOf(p.Auth).Google != nil {
		return []string{"GOOGLE"}
	}
	return []string{}
}
