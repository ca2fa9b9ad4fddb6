package auth

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/internal/check"
	"github.com/privatefolders/privatefolders/internal/urls"
	"github.com/privatefolders/privatefolders/policies"
)

// Props configures Auth. The zero value is valid except for CallbackUrls,
// which must name at least one URL.
type Props struct {
	// SelfSignUp lets visitors create their own accounts on the managed login
	// pages. Default: true; false means only administrators create users.
	SelfSignUp *bool
	// Mfa is "off", "optional" (users may enrol an authenticator app) or
	// "required". Only TOTP authenticator apps are offered, never SMS.
	// Default: "off".
	Mfa *string
	// FeaturePlan is the user pool's feature plan: "lite", "essentials" or
	// "plus". Default: "essentials" (needed for managed login branding).
	FeaturePlan *string
	// PasswordMinLength is the shortest password accepted, 8 to 99; every
	// password also needs a lowercase and an uppercase letter, a digit and a
	// symbol. Default: 8.
	PasswordMinLength *float64
	// DomainPrefix is the managed-login domain prefix, giving
	// https://<prefix>.auth.<region>.amazoncognito.com: 1-63 lowercase
	// letters, digits or hyphens, not starting or ending with a hyphen, and
	// without "aws", "amazon" or "cognito". Default: "<stack name slug>-<account id>".
	DomainPrefix *string
	// CallbackUrls are the URLs managed login may return the user to after
	// sign-in and sign-out: https, or http on localhost for development.
	// Default: none; at least one is required.
	CallbackUrls *[]*string
	// AccessTokenValidityMinutes is how long an access token lasts, 5 to 1440. Default: 60.
	AccessTokenValidityMinutes *float64
	// IdTokenValidityMinutes is how long an id token lasts, 5 to 1440. Default: 60.
	IdTokenValidityMinutes *float64
	// RefreshTokenValidityDays is how long a session may be renewed without
	// signing in again, 1 to 3650. Default: 30.
	RefreshTokenValidityDays *float64
	// AllowGuests lets the identity pool hand out credentials for the
	// unauthenticated role to visitors who have not signed in. Default: false.
	AllowGuests *bool
	// Groups are user-pool groups, each with its own IAM role that the
	// identity pool picks from the id token (cognito:preferred_role; when a
	// user's groups tie, the authenticated role). Default: none.
	Groups *[]*Group
	// OwnerKey is what names each user's folder: "identityId" (the identity
	// pool's id) or "userPoolSub" (the user pool's sub, carried into the
	// session as the principal tag "owner", so a backend can find a user's
	// folder from the user pool alone). Default: "identityId".
	OwnerKey *string
	// OwnerClaim is the id-token claim mapped to the "owner" principal tag in
	// the userPoolSub mode. Only immutable claims are accepted: "sub" or
	// "cognito:username". Default: "sub".
	OwnerClaim *string
	// Google adds "Sign in with Google" to the managed login pages.
	// Default: none.
	Google *GoogleProvider
	// OidcProviders are OpenID Connect identity providers, each a button on
	// the managed login pages. Default: none.
	OidcProviders *[]*OidcProvider
	// SamlProviders are SAML 2.0 identity providers, each a button on the
	// managed login pages. Default: none.
	SamlProviders *[]*SamlProvider
	// ServerClient adds a confidential app client (authorization code with a
	// client secret) for a server-side app; its secret is kept in a Secrets
	// Manager secret the stack creates. Default: none.
	ServerClient *ServerClient
	// RemovalPolicy applies to the user pool and the identity pool. With
	// RETAIN the user pool also has deletion protection on. Default: RETAIN,
	// because a replaced pool orphans every user's folder.
	RemovalPolicy awscdk.RemovalPolicy
}

// Group is a user-pool group.
type Group struct {
	// Name is the group's name: 1-128 characters without spaces.
	Name *string
	// Precedence orders groups: a user in several groups gets the role of
	// the one with the lowest value; two groups may not share one. 0 to 2^31-1.
	Precedence *float64
}

// WritableAttributes are the user attributes the app client may write: a
// user can change them, so they must never name a folder.
var WritableAttributes = []string{"email", "name"}

// Mfa settings accepted by Props.Mfa.
const (
	MfaOff      = "off"
	MfaOptional = "optional"
	MfaRequired = "required"
)

// Feature plans accepted by Props.FeaturePlan. PlanLite is named only to
// refuse it with a reason: it has no managed login.
const (
	PlanLite       = "lite"
	PlanEssentials = "essentials"
	PlanPlus       = "plus"
)

// withDefaults returns a copy of props (which may be nil) with every unset
// field filled, except DomainPrefix, whose default New derives from the
// stack. The caller's props are never changed.
func withDefaults(props *Props) Props {
	p := Props{}
	if props != nil {
		p = *props
	}
	if p.SelfSignUp == nil {
		p.SelfSignUp = jsii.Bool(true)
	}
	if p.Mfa == nil {
		p.Mfa = jsii.String(MfaOff)
	}
	if p.FeaturePlan == nil {
		p.FeaturePlan = jsii.String(PlanEssentials)
	}
	if p.PasswordMinLength == nil {
		p.PasswordMinLength = jsii.Number(8)
	}
	if p.CallbackUrls == nil {
		p.CallbackUrls = &[]*string{}
	}
	if p.AccessTokenValidityMinutes == nil {
		p.AccessTokenValidityMinutes = jsii.Number(60)
	}
	if p.IdTokenValidityMinutes == nil {
		p.IdTokenValidityMinutes = jsii.Number(60)
	}
	if p.RefreshTokenValidityDays == nil {
		p.RefreshTokenValidityDays = jsii.Number(30)
	}
	if p.AllowGuests == nil {
		p.AllowGuests = jsii.Bool(false)
	}
	if p.Groups == nil {
		p.Groups = &[]*Group{}
	}
	if p.OwnerKey == nil {
		p.OwnerKey = jsii.String(policies.OwnerKeyIdentityID)
	}
	if p.OwnerClaim == nil {
		p.OwnerClaim = jsii.String("sub")
	}
	if p.RemovalPolicy == "" {
		p.RemovalPolicy = awscdk.RemovalPolicy_RETAIN
	}
	return p
}

var domainPrefixRule = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)

// ValidateDomainPrefix checks a managed-login domain prefix: 1-63 lowercase
// letters, digits or hyphens, starting and ending with a letter or digit,
// and free of the words Cognito reserves. Unresolved tokens are skipped.
func ValidateDomainPrefix(ps *check.Problems, field, prefix string) {
	if check.IsToken(prefix) {
		return
	}
	if !domainPrefixRule.MatchString(prefix) {
		ps.Add(field, prefix, "must be 1-63 lowercase letters, digits or hyphens, starting and ending with a letter or digit")
	}
	for _, w := range []string{"aws", "amazon", "cognito"} {
		if strings.Contains(prefix, w) {
			ps.Add(field, prefix, fmt.Sprintf("must not contain %q (reserved by Cognito)", w))
		}
	}
}

// Validate reports every problem with p (nil is valid): each field's
// default is valid, set fields are checked. It is pure: it creates nothing
// and skips unresolved tokens.
func (props *Props) Validate() error {
	p := withDefaults(props)
	var ps check.Problems
	ps.OneOf("mfa", *p.Mfa, MfaOff, MfaOptional, MfaRequired)
	if *p.FeaturePlan == PlanLite {
		ps.Add("featurePlan", *p.FeaturePlan, "must be essentials or plus: the managed login pages need one of them")
	} else {
		ps.OneOf("featurePlan", *p.FeaturePlan, PlanEssentials, PlanPlus)
	}
	ps.WholeInRange("passwordMinLength", *p.PasswordMinLength, 8, 99)
	if p.DomainPrefix != nil {
		ValidateDomainPrefix(&ps, "domainPrefix", *p.DomainPrefix)
	}
	if len(*p.CallbackUrls) == 0 {
		ps.Add("callbackUrls", "[]", "must name at least one URL to return to after sign-in")
	}
	for _, u := range *p.CallbackUrls {
		urls.CheckRedirect(&ps, "callbackUrls", *u)
	}
	ps.WholeInRange("accessTokenValidityMinutes", *p.AccessTokenValidityMinutes, 5, 1440)
	ps.WholeInRange("idTokenValidityMinutes", *p.IdTokenValidityMinutes, 5, 1440)
	ps.WholeInRange("refreshTokenValidityDays", *p.RefreshTokenValidityDays, 1, 3650)
	ps.OneOf("ownerKey", *p.OwnerKey, policies.OwnerKeyIdentityID, policies.OwnerKeyUserPoolSub)
	if *p.OwnerKey == policies.OwnerKeyUserPoolSub {
		ps.Merge(policies.ValidateOwnerClaim("ownerClaim", *p.OwnerClaim, WritableAttributes))
	}
	validateGroups(&ps, *p.Groups)
	validateFederation(&ps, p)
	validateServerClient(&ps, p.ServerClient)
	return ps.Err()
}

func validateGroups(ps *check.Problems, groups []*Group) {
	names := map[string]bool{}
	precedences := map[float64]string{}
	for _, g := range groups {
		if g == nil || g.Name == nil {
			ps.Add("groups.name", "", "must be set for every group")
			continue
		}
		policies.ValidateGroupName(ps, "groups.name", *g.Name)
		if names[*g.Name] {
			ps.Add("groups.name", *g.Name, "must be unique")
		}
		names[*g.Name] = true
		if g.Precedence == nil {
			ps.Add("groups.precedence", *g.Name, "must be set for every group (lowest wins)")
			continue
		}
		ps.WholeInRange("groups.precedence", *g.Precedence, 0, 2147483647)
		if other, taken := precedences[*g.Precedence]; taken {
			ps.Add("groups.precedence", *g.Precedence, fmt.Sprintf("must differ between groups: %q has it too, and a tie falls back to the plain authenticated role", other))
		}
		precedences[*g.Precedence] = *g.Name
	}
}
