package auth

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/internal/urls"
	"github.com/privatefolders/privatefolders/policies"
)

// Props configures Auth. The zero value is valid except for CallbackUrls,
// which must name at least one URL. Each prop's default and range is also
// exported as a rule value (MfaRule, PasswordMinLengthRule, ...), which New
// applies: generated docs read those, so they state what New enforces.
type Props struct {
	// SelfSignUp lets visitors create their own accounts on the managed login
	// pages. Default: true; false means only administrators create users.
	SelfSignUp *bool
	// Mfa is "off", "optional" (users may enrol an authenticator app) or
	// "required". Only TOTP authenticator apps are offered, never SMS.
	// Default: "off".
	Mfa *string
	// FeaturePlan is the user pool's feature plan: "essentials" or "plus"
	// (threat protection, billed per active user). "lite" is refused: it has
	// no managed login. Default: "essentials".
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
	// OwnerClaim is the id-token claim mapped to the "owner" principal tag;
	// it needs OwnerKey "userPoolSub" (with "identityId" no claim names a
	// folder, so setting one is refused). Only immutable claims are
	// accepted: "sub" or "cognito:username". Default: "sub".
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
	// the one with the lowest value; two groups may not share one. 0 to
	// 2,147,483,647. Required.
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

// Feature plans accepted by Props.FeaturePlan.
const (
	PlanEssentials = "essentials"
	PlanPlus       = "plus"
)

// The rules of Props: each prop's default and accepted values, as New
// applies them.
var (
	// SelfSignUpRule is SelfSignUp's default.
	SelfSignUpRule = check.Flag{Default: true}
	// MfaRule is Mfa's modes and default.
	MfaRule = check.Choice{Allowed: []string{MfaOff, MfaOptional, MfaRequired}, Default: MfaOff}
	// FeaturePlanRule is FeaturePlan's plans and default.
	FeaturePlanRule = check.Choice{Allowed: []string{PlanEssentials, PlanPlus}, Default: PlanEssentials,
		Why: `the managed login pages need one of them ("lite" has none)`}
	// PasswordMinLengthRule is PasswordMinLength's range and default.
	PasswordMinLengthRule = check.Whole{Min: 8, Max: 99, Default: 8}
	// DomainPrefixRule is what an unset DomainPrefix gives.
	DomainPrefixRule = check.Text{Unset: "`<stack name slug>-<account id>`"}
	// AccessTokenValidityMinutesRule is AccessTokenValidityMinutes's range and default.
	AccessTokenValidityMinutesRule = check.Whole{Min: 5, Max: 1440, Default: 60}
	// IdTokenValidityMinutesRule is IdTokenValidityMinutes's range and default.
	IdTokenValidityMinutesRule = check.Whole{Min: 5, Max: 1440, Default: 60}
	// RefreshTokenValidityDaysRule is RefreshTokenValidityDays's range and default.
	RefreshTokenValidityDaysRule = check.Whole{Min: 1, Max: 3650, Default: 30}
	// AllowGuestsRule is AllowGuests's default.
	AllowGuestsRule = check.Flag{Default: false}
	// OwnerKeyRule is OwnerKey's modes and default, shared with storage.
	OwnerKeyRule = policies.OwnerKeyRule
	// OwnerClaimRule is OwnerClaim's claims and default.
	OwnerClaimRule = check.Choice{Allowed: policies.ImmutableClaims, Default: "sub"}
	// GroupPrecedenceRule is the range of Group.Precedence (required).
	GroupPrecedenceRule = check.Whole{Min: 0, Max: 2147483647, Unset: "required"}
)

// withDefaults returns a copy of props (which may be nil) with every unset
// field filled, except DomainPrefix, whose default New derives from the
// stack. The caller's props are never changed.
func withDefaults(props *Props) Props {
	p := Props{}
	if props != nil {
		p = *props
	}
	p.SelfSignUp = SelfSignUpRule.Or(p.SelfSignUp)
	p.Mfa = MfaRule.Or(p.Mfa)
	p.FeaturePlan = FeaturePlanRule.Or(p.FeaturePlan)
	p.PasswordMinLength = PasswordMinLengthRule.Or(p.PasswordMinLength)
	if p.CallbackUrls == nil {
		p.CallbackUrls = &[]*string{}
	}
	p.AccessTokenValidityMinutes = AccessTokenValidityMinutesRule.Or(p.AccessTokenValidityMinutes)
	p.IdTokenValidityMinutes = IdTokenValidityMinutesRule.Or(p.IdTokenValidityMinutes)
	p.RefreshTokenValidityDays = RefreshTokenValidityDaysRule.Or(p.RefreshTokenValidityDays)
	p.AllowGuests = AllowGuestsRule.Or(p.AllowGuests)
	if p.Groups == nil {
		p.Groups = &[]*Group{}
	}
	p.OwnerKey = OwnerKeyRule.Or(p.OwnerKey)
	p.OwnerClaim = OwnerClaimRule.Or(p.OwnerClaim)
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
// default is valid, set fields are checked, and each problem names its
// prop ("Mfa", "Google.ClientId"). It is pure: it creates nothing and skips
// unresolved tokens.
func (props *Props) Validate() error {
	p := withDefaults(props)
	var ps check.Problems
	MfaRule.Check(&ps, "Mfa", *p.Mfa)
	FeaturePlanRule.Check(&ps, "FeaturePlan", *p.FeaturePlan)
	PasswordMinLengthRule.Check(&ps, "PasswordMinLength", *p.PasswordMinLength)
	if p.DomainPrefix != nil {
		ValidateDomainPrefix(&ps, "DomainPrefix", *p.DomainPrefix)
	}
	if len(*p.CallbackUrls) == 0 {
		ps.Add("CallbackUrls", "[]", "must name at least one URL to return to after sign-in")
	}
	for _, u := range *p.CallbackUrls {
		urls.CheckRedirect(&ps, "CallbackUrls", *u)
	}
	AccessTokenValidityMinutesRule.Check(&ps, "AccessTokenValidityMinutes", *p.AccessTokenValidityMinutes)
	IdTokenValidityMinutesRule.Check(&ps, "IdTokenValidityMinutes", *p.IdTokenValidityMinutes)
	RefreshTokenValidityDaysRule.Check(&ps, "RefreshTokenValidityDays", *p.RefreshTokenValidityDays)
	validateOwner(&ps, p, props != nil && props.OwnerClaim != nil)
	validateGroups(&ps, *p.Groups)
	validateFederation(&ps, p)
	validateServerClient(&ps, p.ServerClient)
	return ps.Err()
}

// validateOwner checks the owner-key mode, and the claim only where one
// names folders: a claim set in the identityId mode would be ignored.
func validateOwner(ps *check.Problems, p Props, claimSet bool) {
	OwnerKeyRule.Check(ps, "OwnerKey", *p.OwnerKey)
	switch {
	case *p.OwnerKey == policies.OwnerKeyUserPoolSub:
		ps.Merge(policies.ValidateOwnerClaim("OwnerClaim", *p.OwnerClaim, WritableAttributes))
	case claimSet:
		ps.Add("OwnerClaim", *p.OwnerClaim, "needs OwnerKey "+policies.OwnerKeyUserPoolSub+
			": with "+*p.OwnerKey+" folders are named by the identity id and the claim would be ignored", "OwnerKey")
	}
}

func validateGroups(ps *check.Problems, groups []*Group) {
	names := map[string]bool{}
	precedences := map[float64]string{}
	for _, g := range groups {
		if g == nil || g.Name == nil {
			ps.Add("Groups.Name", "", "must be set for every group")
			continue
		}
		policies.ValidateGroupName(ps, "Groups.Name", *g.Name)
		if names[*g.Name] {
			ps.Add("Groups.Name", *g.Name, "must be unique")
		}
		names[*g.Name] = true
		if g.Precedence == nil {
			ps.Add("Groups.Precedence", *g.Name, "must be set for every group (lowest wins)")
			continue
		}
		GroupPrecedenceRule.Check(ps, "Groups.Precedence", *g.Precedence)
		if other, taken := precedences[*g.Precedence]; taken {
			ps.Add("Groups.Precedence", *g.Precedence, fmt.Sprintf("must differ between groups: %q has it too, and a tie falls back to the plain authenticated role", other))
		}
		precedences[*g.Precedence] = *g.Name
	}
}
