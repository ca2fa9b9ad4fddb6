// Package auth is the sign-in half of the system: a Cognito user pool with
// managed login, a public app client for the browser app, and an identity
// pool that trades the user pool's tokens for AWS credentials.
package auth

import (
	"sort"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognitoidentitypool"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/internal/nag"
	"github.com/privatefolders/privatefolders/internal/naming"
	"github.com/privatefolders/privatefolders/policies"
)

// Scopes are the OAuth scopes the app client may request.
var Scopes = []string{"openid", "email", "profile"}

// Auth is the user pool, its managed-login domain and branding, the public
// app client and the identity pool with its two roles.
type Auth struct {
	constructs.Construct
	// UserPool holds the users; they sign in with their email address.
	UserPool awscognito.UserPool
	// Domain is the managed-login (hosted UI) domain.
	Domain awscognito.UserPoolDomain
	// Branding makes the managed login pages render, with Cognito's own style.
	Branding awscognito.CfnManagedLoginBranding
	// Client is the public app client (no secret) used by the browser app.
	Client awscognito.UserPoolClient
	// IdentityPool hands out AWS credentials for the user pool's users.
	IdentityPool awscognitoidentitypool.IdentityPool
	// AuthenticatedRole is assumed by signed-in users; it starts with no permissions.
	AuthenticatedRole awsiam.IRole
	// UnauthenticatedRole is assumed by guests when AllowGuests is on; it has no permissions.
	UnauthenticatedRole awsiam.IRole
	// GroupRoles are the IAM roles of the user-pool groups, by group name.
	GroupRoles map[string]awsiam.IRole
	// Groups are the user-pool groups, by name.
	Groups map[string]awscognito.UserPoolGroup
	// OwnerTag maps the owner claim to the "owner" principal tag in the
	// userPoolSub owner-key mode; nil otherwise.
	OwnerTag awscognito.CfnIdentityPoolPrincipalTag
	// Props are the props in force: the caller's, every default applied.
	Props Props
	// OwnerKey is the owner-key mode in use ("identityId" or "userPoolSub").
	OwnerKey *string
	// DomainPrefix is the managed-login domain prefix in use (possibly holding
	// the account id as a deploy-time value).
	DomainPrefix *string
	// Providers are the external identity providers (Google, OpenID Connect,
	// SAML), by provider name; empty unless configured.
	Providers map[string]awscognito.IUserPoolIdentityProvider
	// ServerClient is the confidential app client for a server-side app;
	// nil unless Props.ServerClient is set.
	ServerClient awscognito.UserPoolClient
	// ServerBranding is the managed-login style of ServerClient; nil without it.
	ServerBranding awscognito.CfnManagedLoginBranding
	// ServerClientSecret holds ServerClient's id and secret as JSON (keys
	// clientId and clientSecret); nil without a server client.
	ServerClientSecret awssecretsmanager.Secret
}

// Roles are every role an identity of the pool can get: the authenticated
// role and each group's role (not the guest role).
func (a *Auth) Roles() []awsiam.IRole {
	roles := []awsiam.IRole{a.AuthenticatedRole}
	for _, g := range a.sortedGroupNames() {
		roles = append(roles, a.GroupRoles[g])
	}
	return roles
}

func (a *Auth) sortedGroupNames() []string {
	names := make([]string, 0, len(a.GroupRoles))
	for n := range a.GroupRoles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// DefaultDomainPrefix is the prefix Auth uses when Props.DomainPrefix is
// unset: the stack name's slug and the account id.
func DefaultDomainPrefix(scope constructs.Construct) string {
	stack := awscdk.Stack_Of(scope)
	return naming.DomainPrefix(*stack.StackName(), *stack.Account())
}

// New creates the user pool, domain, branding, app client and identity pool.
// It panics with every problem in props (see Props.Validate).
func New(scope constructs.Construct, id *string, props *Props) *Auth {
	if err := props.Validate(); err != nil {
		panic(err)
	}
	p := withDefaults(props)
	if p.DomainPrefix == nil {
		p.DomainPrefix = jsii.String(DefaultDomainPrefix(scope))
	}
	a := &Auth{Construct: constructs.NewConstruct(scope, id), Props: p, DomainPrefix: p.DomainPrefix, OwnerKey: p.OwnerKey,
		GroupRoles: map[string]awsiam.IRole{}, Groups: map[string]awscognito.UserPoolGroup{},
		Providers: map[string]awscognito.IUserPoolIdentityProvider{}}
	a.UserPool = newUserPool(a.Construct, p)
	suppressPlanFindings(a.UserPool, p)
	a.Domain = a.UserPool.AddDomain(jsii.String("Domain"), &awscognito.UserPoolDomainOptions{
		CognitoDomain:       &awscognito.CognitoDomainOptions{DomainPrefix: p.DomainPrefix},
		ManagedLoginVersion: awscognito.ManagedLoginVersion_NEWER_MANAGED_LOGIN,
	})
	attrs := newClientAttributes(a.addProviders(p))
	a.Client = newClient(a, p, attrs)
	a.afterProviders(a.Client)
	a.Branding = newBrandingFor(a, "Branding", a.Client)
	if p.ServerClient != nil {
		a.addServerClient(p, attrs)
	}
	a.IdentityPool = newIdentityPool(a, p)
	a.AuthenticatedRole = a.IdentityPool.AuthenticatedRole()
	a.UnauthenticatedRole = a.IdentityPool.UnauthenticatedRole()
	for _, g := range *p.Groups {
		a.addGroup(g, p)
	}
	if *p.OwnerKey == policies.OwnerKeyUserPoolSub {
		a.tagOwner(p)
	}
	return a
}

// trust is the identity pool as the principal of a role for its identities
// of kind amr ("authenticated" or "unauthenticated"), as the L2 sets it.
func (a *Auth) trust(amr string) awsiam.FederatedPrincipal {
	return awsiam.NewFederatedPrincipal(jsii.String("cognito-identity.amazonaws.com"), &map[string]any{
		"StringEquals":           map[string]any{"cognito-identity.amazonaws.com:aud": a.IdentityPool.IdentityPoolId()},
		"ForAnyValue:StringLike": map[string]any{"cognito-identity.amazonaws.com:amr": amr},
	}, jsii.String("sts:AssumeRoleWithWebIdentity"))
}

// addGroup creates a user-pool group and its role, which only this pool's
// signed-in identities can assume; storage gives it the owner policy too.
func (a *Auth) addGroup(g *Group, p Props) {
	var principal awsiam.IPrincipal = a.trust("authenticated")
	if *p.OwnerKey == policies.OwnerKeyUserPoolSub {
		principal = a.trust("authenticated").WithSessionTags()
	}
	role := awsiam.NewRole(a.Construct, jsii.String("GroupRole-"+naming.ConstructID(*g.Name)), &awsiam.RoleProps{
		AssumedBy:   principal,
		Description: jsii.String("Role of the user-pool group " + *g.Name),
	})
	a.GroupRoles[*g.Name] = role
	a.Groups[*g.Name] = awscognito.NewUserPoolGroup(a.Construct, jsii.String("Group-"+naming.ConstructID(*g.Name)), &awscognito.UserPoolGroupProps{
		UserPool:   a.UserPool,
		GroupName:  g.Name,
		Precedence: g.Precedence,
		Role:       role,
	})
}

// tagOwner maps the owner claim of the id token to the "owner" principal
// tag and lets the pool's roles be assumed with session tags.
func (a *Auth) tagOwner(p Props) {
	a.OwnerTag = awscognito.NewCfnIdentityPoolPrincipalTag(a.Construct, jsii.String("OwnerTag"), &awscognito.CfnIdentityPoolPrincipalTagProps{
		IdentityPoolId:       a.IdentityPool.IdentityPoolId(),
		IdentityProviderName: a.UserPool.UserPoolProviderName(),
		PrincipalTags:        map[string]any{policies.OwnerTagKey: *p.OwnerClaim},
		UseDefaults:          jsii.Bool(false),
	})
	for amr, role := range map[string]awsiam.IRole{"authenticated": a.AuthenticatedRole, "unauthenticated": a.UnauthenticatedRole} {
		role.(awsiam.Role).AssumeRolePolicy().AddStatements(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:    jsii.Strings("sts:TagSession"),
			Principals: &[]awsiam.IPrincipal{awsiam.NewFederatedPrincipal(jsii.String("cognito-identity.amazonaws.com"), nil, nil)},
			Conditions: a.trust(amr).PolicyFragment().Conditions(),
		}))
	}
}

func newUserPool(scope constructs.Construct, p Props) awscognito.UserPool {
	return awscognito.NewUserPool(scope, jsii.String("UserPool"), &awscognito.UserPoolProps{
		SignInAliases:       &awscognito.SignInAliases{Email: jsii.Bool(true)},
		SignInCaseSensitive: jsii.Bool(false),
		SelfSignUpEnabled:   p.SelfSignUp,
		AutoVerify:          &awscognito.AutoVerifiedAttrs{Email: jsii.Bool(true)},
		UserVerification: &awscognito.UserVerificationConfig{
			EmailStyle: awscognito.VerificationEmailStyle_CODE,
		},
		StandardAttributes: &awscognito.StandardAttributes{
			Email: &awscognito.StandardAttribute{Required: jsii.Bool(true), Mutable: jsii.Bool(true)},
		},
		PasswordPolicy: &awscognito.PasswordPolicy{
			MinLength:            p.PasswordMinLength,
			RequireLowercase:     jsii.Bool(true),
			RequireUppercase:     jsii.Bool(true),
			RequireDigits:        jsii.Bool(true),
			RequireSymbols:       jsii.Bool(true),
			TempPasswordValidity: awscdk.Duration_Days(jsii.Number(3)),
		},
		AccountRecovery:    awscognito.AccountRecovery_EMAIL_ONLY,
		Mfa:                mfaMode(*p.Mfa),
		MfaSecondFactor:    mfaFactors(*p.Mfa),
		FeaturePlan:        featurePlan(*p.FeaturePlan),
		DeletionProtection: jsii.Bool(p.RemovalPolicy == awscdk.RemovalPolicy_RETAIN),
		RemovalPolicy:      p.RemovalPolicy,
	})
}

// suppressPlanFindings explains the choices cdk-nag flags when the props
// keep their cost-conscious defaults; setting mfa=required or
// featurePlan=plus satisfies the rules instead.
func suppressPlanFindings(pool awscognito.UserPool, p Props) {
	var rules []nag.Rule
	if *p.Mfa != MfaRequired {
		rules = append(rules, nag.Rule{ID: "AwsSolutions-COG2", Reason: "MFA is the mfa setting (off, optional, required); " +
			"it is not required by default so that anyone can sign up without an authenticator app. Set mfa=required to enforce it."})
	}
	if *p.FeaturePlan != PlanPlus {
		rules = append(rules, nag.Rule{ID: "AwsSolutions-COG8", Reason: "The Plus plan (threat protection) is billed per active user; " +
			"it is the featurePlan setting. Essentials already gives managed login and the password policy used here."})
	}
	if len(rules) > 0 {
		nag.Suppress(pool, rules...)
	}
}

func mfaMode(m string) awscognito.Mfa {
	switch m {
	case MfaOptional:
		return awscognito.Mfa_OPTIONAL
	case MfaRequired:
		return awscognito.Mfa_REQUIRED
	}
	return awscognito.Mfa_OFF
}

// mfaFactors offers authenticator apps (TOTP) only: SMS codes cost money,
// need an SNS role and are the weakest factor.
func mfaFactors(m string) *awscognito.MfaSecondFactor {
	if m == MfaOff {
		return nil
	}
	return &awscognito.MfaSecondFactor{Otp: jsii.Bool(true), Sms: jsii.Bool(false)}
}

func featurePlan(plan string) awscognito.FeaturePlan {
	if plan == PlanPlus {
		return awscognito.FeaturePlan_PLUS
	}
	return awscognito.FeaturePlan_ESSENTIALS
}

// clientAttributes are the attributes the app clients read and write.
type clientAttributes struct{ read, write awscognito.ClientAttributes }

// standardMasks sets the field of each mappable attribute in a mask.
var standardMasks = map[string]func(m *awscognito.StandardAttributesMask){
	"address":            func(m *awscognito.StandardAttributesMask) { m.Address = jsii.Bool(true) },
	"birthdate":          func(m *awscognito.StandardAttributesMask) { m.Birthdate = jsii.Bool(true) },
	"email":              func(m *awscognito.StandardAttributesMask) { m.Email = jsii.Bool(true) },
	"family_name":        func(m *awscognito.StandardAttributesMask) { m.FamilyName = jsii.Bool(true) },
	"gender":             func(m *awscognito.StandardAttributesMask) { m.Gender = jsii.Bool(true) },
	"given_name":         func(m *awscognito.StandardAttributesMask) { m.GivenName = jsii.Bool(true) },
	"locale":             func(m *awscognito.StandardAttributesMask) { m.Locale = jsii.Bool(true) },
	"middle_name":        func(m *awscognito.StandardAttributesMask) { m.MiddleName = jsii.Bool(true) },
	"name":               func(m *awscognito.StandardAttributesMask) { m.Fullname = jsii.Bool(true) },
	"nickname":           func(m *awscognito.StandardAttributesMask) { m.Nickname = jsii.Bool(true) },
	"phone_number":       func(m *awscognito.StandardAttributesMask) { m.PhoneNumber = jsii.Bool(true) },
	"picture":            func(m *awscognito.StandardAttributesMask) { m.ProfilePicture = jsii.Bool(true) },
	"preferred_username": func(m *awscognito.StandardAttributesMask) { m.PreferredUsername = jsii.Bool(true) },
	"profile":            func(m *awscognito.StandardAttributesMask) { m.ProfilePage = jsii.Bool(true) },
	"website":            func(m *awscognito.StandardAttributesMask) { m.Website = jsii.Bool(true) },
	"zoneinfo":           func(m *awscognito.StandardAttributesMask) { m.Timezone = jsii.Bool(true) },
}

// newClientAttributes lets the clients write WritableAttributes and every
// attribute an identity provider maps (Cognito updates mapped attributes
// at each federated sign-in, through the client's write permission), and
// read those and email_verified.
func newClientAttributes(mapped []string) clientAttributes {
	write := &awscognito.StandardAttributesMask{}
	for _, name := range append(append([]string{}, WritableAttributes...), mapped...) {
		standardMasks[name](write)
	}
	read := *write
	read.EmailVerified = jsii.Bool(true)
	return clientAttributes{
		read:  awscognito.NewClientAttributes().WithStandardAttributes(&read),
		write: awscognito.NewClientAttributes().WithStandardAttributes(write),
	}
}

func newClient(a *Auth, p Props, attrs clientAttributes) awscognito.UserPoolClient {
	scopes := []awscognito.OAuthScope{awscognito.OAuthScope_OPENID(), awscognito.OAuthScope_EMAIL(), awscognito.OAuthScope_PROFILE()}
	return a.codeClient("WebClient", p, attrs, codeClientSettings{
		scopes: scopes, callbacks: p.CallbackUrls, logouts: p.CallbackUrls,
	})
}

// codeClientSettings is what differs between the app clients.
type codeClientSettings struct {
	name               *string
	secret             bool
	scopes             []awscognito.OAuthScope
	callbacks, logouts *[]*string
}

// codeClient adds an app client that signs users in only through managed
// login with the authorization code grant (never the implicit grant), with
// the pool's token lifetimes, token revocation and no user existence errors.
func (a *Auth) codeClient(id string, p Props, attrs clientAttributes, c codeClientSettings) awscognito.UserPoolClient {
	return a.UserPool.AddClient(jsii.String(id), &awscognito.UserPoolClientOptions{
		UserPoolClientName: c.name,
		GenerateSecret:     jsii.Bool(c.secret),
		// Only managed login signs users in; the client itself needs just
		// refresh-token renewal (the CDK always adds it when flows are set).
		AuthFlows: &awscognito.AuthFlow{UserSrp: jsii.Bool(false)},
		OAuth: &awscognito.OAuthSettings{
			Flows: &awscognito.OAuthFlows{
				AuthorizationCodeGrant: jsii.Bool(true),
				ImplicitCodeGrant:      jsii.Bool(false),
				ClientCredentials:      jsii.Bool(false),
			},
			Scopes:       &c.scopes,
			CallbackUrls: c.callbacks,
			LogoutUrls:   c.logouts,
		},
		SupportedIdentityProviders: a.supportedProviders(),
		AccessTokenValidity:        awscdk.Duration_Minutes(p.AccessTokenValidityMinutes),
		IdTokenValidity:            awscdk.Duration_Minutes(p.IdTokenValidityMinutes),
		RefreshTokenValidity:       awscdk.Duration_Days(p.RefreshTokenValidityDays),
		EnableTokenRevocation:      jsii.Bool(true),
		PreventUserExistenceErrors: jsii.Bool(true),
		ReadAttributes:             attrs.read,
		WriteAttributes:            attrs.write,
	})
}

// newBrandingFor creates a client's managed-login style with Cognito's own
// values: without an AWS::Cognito::ManagedLoginBranding for its client the
// newer managed login shows "Login pages unavailable".
func newBrandingFor(a *Auth, id string, client awscognito.UserPoolClient) awscognito.CfnManagedLoginBranding {
	b := awscognito.NewCfnManagedLoginBranding(a.Construct, jsii.String(id), &awscognito.CfnManagedLoginBrandingProps{
		UserPoolId:               a.UserPool.UserPoolId(),
		ClientId:                 client.UserPoolClientId(),
		UseCognitoProvidedValues: jsii.Bool(true),
	})
	// The branding is looked up through the domain; create it after the domain.
	b.Node().AddDependency(a.Domain)
	return b
}

func newIdentityPool(a *Auth, p Props) awscognitoidentitypool.IdentityPool {
	var mappings *[]*awscognitoidentitypool.IdentityPoolRoleMapping
	if len(*p.Groups) > 0 {
		// Roles come from the id token (cognito:preferred_role, set from the
		// user's group with the lowest precedence); a tie or no group falls
		// back to the authenticated role.
		mappings = &[]*awscognitoidentitypool.IdentityPoolRoleMapping{{
			ProviderUrl: awscognitoidentitypool.IdentityPoolProviderUrl_UserPool(a.UserPool, a.Client),
			// The provider URL is a deploy-time value; the CDK needs a fixed key.
			MappingKey:            jsii.String("userpool"),
			UseToken:              jsii.Bool(true),
			ResolveAmbiguousRoles: jsii.Bool(true),
		}}
	}
	pool := awscognitoidentitypool.NewIdentityPool(a.Construct, jsii.String("IdentityPool"), &awscognitoidentitypool.IdentityPoolProps{
		RoleMappings:                   mappings,
		AllowUnauthenticatedIdentities: p.AllowGuests,
		// The classic (basic) flow lets a client pick any role; the enhanced
		// flow enforces the roles configured here.
		AllowClassicFlow: jsii.Bool(false),
		AuthenticationProviders: &awscognitoidentitypool.IdentityPoolAuthenticationProviders{
			UserPools: &[]awscognitoidentitypool.IUserPoolAuthenticationProvider{
				awscognitoidentitypool.NewUserPoolAuthenticationProvider(&awscognitoidentitypool.UserPoolAuthenticationProviderProps{
					UserPool:       a.UserPool,
					UserPoolClient: a.Client,
				}),
			},
		},
	})
	pool.ApplyRemovalPolicy(p.RemovalPolicy)
	if *p.AllowGuests {
		nag.Suppress(pool, nag.Rule{ID: "AwsSolutions-COG7", Reason: "Guest identities were switched on with allowGuests; " +
			"their role has no permission on the data bucket unless a guest access rule grants one."})
	}
	return pool
}
