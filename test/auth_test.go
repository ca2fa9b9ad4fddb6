package test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUserPool(t *testing.T) {
	s := defaults(t)
	t.Run("email sign-in, case-insensitive, verified, recovery by email only", func(t *testing.T) {
		has(s, "AWS::Cognito::UserPool", map[string]any{
			"UsernameAttributes":     []any{"email"},
			"UsernameConfiguration":  map[string]any{"CaseSensitive": false},
			"AutoVerifiedAttributes": []any{"email"},
			"AccountRecoverySetting": map[string]any{"RecoveryMechanisms": []any{
				map[string]any{"Name": "verified_email", "Priority": 1},
			}},
		})
	})
	t.Run("strong password policy", func(t *testing.T) {
		has(s, "AWS::Cognito::UserPool", map[string]any{"Policies": map[string]any{"PasswordPolicy": map[string]any{
			"MinimumLength": 8, "RequireLowercase": true, "RequireUppercase": true,
			"RequireNumbers": true, "RequireSymbols": true,
		}}})
	})
	t.Run("self sign-up on, MFA off, Essentials, deletion protection and retained", func(t *testing.T) {
		has(s, "AWS::Cognito::UserPool", map[string]any{
			"AdminCreateUserConfig": map[string]any{"AllowAdminCreateUserOnly": false},
			"MfaConfiguration":      "OFF",
			"UserPoolTier":          "ESSENTIALS",
			"DeletionProtection":    "ACTIVE",
		})
		s.template.HasResource(jsii.String("AWS::Cognito::UserPool"), map[string]any{
			"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
		})
	})
	t.Run("props turn sign-up off, require TOTP only, choose the plan and length", func(t *testing.T) {
		has(variant(t), "AWS::Cognito::UserPool", map[string]any{
			"AdminCreateUserConfig": map[string]any{"AllowAdminCreateUserOnly": true},
			"MfaConfiguration":      "ON",
			"EnabledMfas":           []any{"SOFTWARE_TOKEN_MFA"},
			"UserPoolTier":          "PLUS",
			"Policies":              map[string]any{"PasswordPolicy": map[string]any{"MinimumLength": 12}},
		})
	})
}

func TestManagedLogin(t *testing.T) {
	s := defaults(t)
	t.Run("domain prefix derived from stack name and account, newer managed login", func(t *testing.T) {
		has(s, "AWS::Cognito::UserPoolDomain", map[string]any{
			"Domain":              map[string]any{"Fn::Join": []any{"", []any{"privatefolders-", map[string]any{"Ref": "AWS::AccountId"}}}},
			"ManagedLoginVersion": 2,
		})
	})
	t.Run("a prop overrides the prefix", func(t *testing.T) {
		has(variant(t), "AWS::Cognito::UserPoolDomain", map[string]any{"Domain": "my-files"})
	})
	t.Run("branding with Cognito's values for the app client, so the pages render", func(t *testing.T) {
		clientID, _ := only(t, s, "AWS::Cognito::UserPoolClient")
		has(s, "AWS::Cognito::ManagedLoginBranding", map[string]any{
			"UseCognitoProvidedValues": true,
			"ClientId":                 map[string]any{"Ref": clientID},
		})
	})
}

func TestAppClient(t *testing.T) {
	s := defaults(t)
	distID, _ := only(t, s, "AWS::CloudFront::Distribution")
	siteURL := map[string]any{"Fn::Join": []any{"", []any{"https://", map[string]any{"Fn::GetAtt": []any{distID, "DomainName"}}, "/"}}}
	t.Run("public client, code grant only, with the site as callback and logout URL", func(t *testing.T) {
		has(s, "AWS::Cognito::UserPoolClient", map[string]any{
			"GenerateSecret":             false,
			"AllowedOAuthFlows":          []any{"code"},
			"AllowedOAuthScopes":         []any{"openid", "email", "profile"},
			"CallbackURLs":               []any{siteURL},
			"LogoutURLs":                 []any{siteURL},
			"SupportedIdentityProviders": []any{"COGNITO"},
			"ExplicitAuthFlows":          []any{"ALLOW_REFRESH_TOKEN_AUTH"},
		})
	})
	t.Run("explicit token validity, revocation, no user existence errors", func(t *testing.T) {
		has(s, "AWS::Cognito::UserPoolClient", map[string]any{
			"AccessTokenValidity":        60,
			"IdTokenValidity":            60,
			"RefreshTokenValidity":       30 * 24 * 60,
			"TokenValidityUnits":         map[string]any{"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "minutes"},
			"EnableTokenRevocation":      true,
			"PreventUserExistenceErrors": "ENABLED",
		})
	})
	t.Run("fails when the implicit grant or a secret appears", func(t *testing.T) {
		for _, c := range []*synthesized{s, variant(t)} {
			_, client := only(t, c, "AWS::Cognito::UserPoolClient")
			p := props(client)
			assert.Equal(t, []any{"code"}, p["AllowedOAuthFlows"])
			assert.Equal(t, false, p["GenerateSecret"])
		}
	})
	t.Run("extra URLs are added only when asked", func(t *testing.T) {
		_, client := only(t, s, "AWS::Cognito::UserPoolClient")
		assert.Len(t, props(client)["CallbackURLs"], 1)
		has(variant(t), "AWS::Cognito::UserPoolClient", map[string]any{
			"CallbackURLs":         assertions.Match_ArrayWith(&[]any{"http://localhost:5173/"}),
			"AccessTokenValidity":  15,
			"IdTokenValidity":      30,
			"RefreshTokenValidity": 7 * 24 * 60,
		})
	})
}

func TestIdentityPool(t *testing.T) {
	s := defaults(t)
	poolID, _ := only(t, s, "AWS::Cognito::IdentityPool")
	clientID, _ := only(t, s, "AWS::Cognito::UserPoolClient")
	t.Run("the app client is the only provider, guests and classic flow off, retained", func(t *testing.T) {
		_, pool := only(t, s, "AWS::Cognito::IdentityPool")
		p := props(pool)
		assert.Equal(t, false, p["AllowUnauthenticatedIdentities"])
		assert.Equal(t, false, p["AllowClassicFlow"])
		providers := p["CognitoIdentityProviders"].([]any)
		require.Len(t, providers, 1)
		assert.Equal(t, map[string]any{"Ref": clientID}, providers[0].(map[string]any)["ClientId"])
		assert.Equal(t, "Retain", pool["DeletionPolicy"])
	})
	t.Run("guests are allowed only when asked", func(t *testing.T) {
		has(variant(t), "AWS::Cognito::IdentityPool", map[string]any{"AllowUnauthenticatedIdentities": true})
	})
	for _, kind := range []string{"authenticated", "unauthenticated"} {
		t.Run("the "+kind+" role trusts only this pool's "+kind+" identities", func(t *testing.T) {
			has(s, "AWS::IAM::Role", map[string]any{"AssumeRolePolicyDocument": map[string]any{"Statement": []any{map[string]any{
				"Action":    "sts:AssumeRoleWithWebIdentity",
				"Effect":    "Allow",
				"Principal": map[string]any{"Federated": "cognito-identity.amazonaws.com"},
				"Condition": map[string]any{
					"StringEquals":           map[string]any{"cognito-identity.amazonaws.com:aud": map[string]any{"Ref": poolID}},
					"ForAnyValue:StringLike": map[string]any{"cognito-identity.amazonaws.com:amr": kind},
				},
			}}}})
		})
	}
	t.Run("both roles are attached to the pool", func(t *testing.T) {
		has(s, "AWS::Cognito::IdentityPoolRoleAttachment", map[string]any{
			"IdentityPoolId": map[string]any{"Ref": poolID},
			"Roles": map[string]any{
				"authenticated":   map[string]any{"Fn::GetAtt": []any{roleID(t, s, "authenticated"), "Arn"}},
				"unauthenticated": map[string]any{"Fn::GetAtt": []any{roleID(t, s, "unauthenticated"), "Arn"}},
			},
		})
	})
}

// roleID is the logical id of the identity pool role for amr kind.
func roleID(t testing.TB, s *synthesized, kind string) string {
	for id, r := range resources(t, s, "AWS::IAM::Role") {
		doc := props(r)["AssumeRolePolicyDocument"].(map[string]any)
		for _, st := range doc["Statement"].([]any) {
			cond, _ := st.(map[string]any)["Condition"].(map[string]any)
			like, _ := cond["ForAnyValue:StringLike"].(map[string]any)
			if like["cognito-identity.amazonaws.com:amr"] == kind {
				return id
			}
		}
	}
	t.Fatalf("no %s role", kind)
	return ""
}
