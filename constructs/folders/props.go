package folders

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3deployment"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/constructs/auth"
	"github.com/privatefolders/privatefolders/constructs/site"
	"github.com/privatefolders/privatefolders/constructs/storage"
	"github.com/privatefolders/privatefolders/internal/check"
	"github.com/privatefolders/privatefolders/internal/urls"
)

// Props configures the whole system. The zero value is valid: every field
// has a secure default. Field names match the app's cdk.json context keys.
type Props struct {
	// SelfSignUp lets visitors create their own accounts. Default: true.
	SelfSignUp *bool
	// Mfa is "off", "optional" or "required" (authenticator apps only). Default: "off".
	Mfa *string
	// FeaturePlan is the user pool's plan, "essentials" or "plus". Default: "essentials".
	FeaturePlan *string
	// PasswordMinLength is the shortest password accepted, 8 to 99. Default: 8.
	PasswordMinLength *float64
	// DomainPrefix is the managed-login domain prefix.
	// Default: "<stack name slug>-<account id>".
	DomainPrefix *string
	// CallbackUrls are extra URLs managed login may return to after sign-in
	// and sign-out, besides the site's own URL; for local development, such
	// as "http://localhost:5173/". Default: none.
	CallbackUrls *[]*string
	// CorsOrigins are extra browser origins allowed to call the data bucket,
	// besides the site's own origin; for local development, such as
	// "http://localhost:5173". Default: none.
	CorsOrigins *[]*string
	// AccessTokenValidityMinutes is how long an access token lasts, 5 to 1440. Default: 60.
	AccessTokenValidityMinutes *float64
	// IdTokenValidityMinutes is how long an id token lasts, 5 to 1440. Default: 60.
	IdTokenValidityMinutes *float64
	// RefreshTokenValidityDays is how long a session may be renewed, 1 to 3650. Default: 30.
	RefreshTokenValidityDays *float64
	// AllowGuests gives visitors who have not signed in credentials for the
	// unauthenticated role, which has no access to the data bucket. Default: false.
	AllowGuests *bool
	// OwnerKey names each user's folder: "identityId" (the identity pool's
	// id) or "userPoolSub" (the user pool's sub, via the "owner" principal
	// tag). Default: "identityId".
	OwnerKey *string
	// OwnerClaim is the id-token claim that names folders in the userPoolSub
	// mode; only immutable claims ("sub", "cognito:username") are accepted.
	// Default: "sub".
	OwnerClaim *string
	// ProtectedPrefix turns on the protected level: "<prefix><owner>/" is
	// written by its owner and read and listed by every signed-in user. Default: off.
	ProtectedPrefix *string
	// PublicPrefix turns on the public level, read and listed by every
	// signed-in user (and by guests when AllowGuests is on). Default: off.
	PublicPrefix *string
	// PublicWrite lets every signed-in user write and delete under PublicPrefix. Default: false.
	PublicWrite *bool
	// Groups are user-pool groups, each with its own role that keeps the
	// owner access and adds the group's rules. Default: none.
	Groups *[]*Group
	// Google adds "Sign in with Google" to the managed login pages; its
	// client secret is read from Secrets Manager. Default: none.
	Google *auth.GoogleProvider
	// OidcProviders are OpenID Connect identity providers, each a sign-in
	// button; client secrets are read from Secrets Manager. Default: none.
	OidcProviders *[]*auth.OidcProvider
	// SamlProviders are SAML 2.0 identity providers, each a sign-in button.
	// Default: none.
	SamlProviders *[]*auth.SamlProvider
	// ServerClient adds a confidential app client for a server-side app
	// (such as Filestash), its secret kept in a Secrets Manager secret the
	// stack creates. Default: none.
	ServerClient *auth.ServerClient
	// DataBucketName names the data bucket.
	// Default: "<stack name slug>-data-<account>-<region>".
	DataBucketName *string
	// OwnerPrefix is the folder under which each identity gets its own folder. Default: "private/".
	OwnerPrefix *string
	// NoncurrentVersionExpirationDays is how long old versions of overwritten
	// or deleted files are kept, 1 to 3650. Default: 30.
	NoncurrentVersionExpirationDays *float64
	// LogsRetentionDays is how long access logs are kept, 1 to 3650. Default: 365.
	LogsRetentionDays *float64
	// SiteDomainNames are custom domain names for the site; they need
	// SiteCertificateArn. Default: none (the *.cloudfront.net name).
	SiteDomainNames *[]*string
	// SiteCertificateArn is an ACM certificate in us-east-1 for SiteDomainNames. Default: none.
	SiteCertificateArn *string
	// WebSource is the web app's files, deployed to the site with a runtime
	// config.json. Default: none; only config.json is deployed.
	WebSource awss3deployment.ISource
	// DestroyOnRemoval is for test environments only: the user pool, the
	// identity pool and every bucket are DELETED with the stack, bucket
	// contents included, and the user pool loses its deletion protection.
	// Default: false; everything that holds users or files is retained.
	DestroyOnRemoval *bool
	// Backup adds an AWS Backup plan for the data bucket: continuous
	// backups, point-in-time restore for 35 days. Default: false.
	Backup *bool
	// ReplicaBucketArn replicates the data bucket to this (versioned) bucket,
	// normally in another region. Default: no replication.
	ReplicaBucketArn *string
	// DataEvents records every object read and write of the data bucket with
	// a CloudTrail trail into the logs bucket. Default: false.
	DataEvents *bool
	// ObjectLockDays turns on S3 Object Lock in governance mode with this
	// default retention in days. Default: off.
	ObjectLockDays *float64
	// Waf creates an AWS WAF web ACL for the site (rate limit and AWS managed
	// rules); the stack must be in us-east-1. Default: false.
	Waf *bool
	// WafWebAclArn attaches an existing CloudFront web ACL instead. Default: none.
	WafWebAclArn *string
}

// Group is a user-pool group and its extra access.
type Group struct {
	// Name is the group's name: 1-128 characters without spaces.
	Name *string
	// Precedence orders groups (lowest wins when a user is in several); unique.
	Precedence *float64
	// Rules are the group's extra permissions. Default: none (the group
	// then only has what every signed-in user has).
	Rules *[]*Rule
}

// Rule gives a group permissions under a path.
type Rule struct {
	// Path is a prefix such as "private/" or "reports/", optionally ending in "{owner}/".
	Path *string
	// Permissions are any of "get", "list", "write", "delete".
	Permissions *[]*string
}

// parts is what New hands to each part of the system.
type parts struct {
	site    *site.Props
	auth    *auth.Props
	storage *storage.Props
}

// siteOriginForValidation stands in for the distribution's origin when the
// props are validated before anything exists; it is a valid https origin.
const siteOriginForValidation = "https://site.invalid"

// split maps the flat props onto each part's props. siteOrigin is the
// site's origin (a deploy-time value in New) and connect the origins the
// site's CSP allows the app to call.
func split(p *Props, siteOrigin string, connect []string) parts {
	if p == nil {
		p = &Props{}
	}
	callbacks := append([]*string{jsii.String(siteOrigin + "/")}, deref(p.CallbackUrls)...)
	groups, rules := splitGroups(p.Groups)
	origins := append([]*string{jsii.String(siteOrigin)}, deref(p.CorsOrigins)...)
	return parts{
		site: &site.Props{
			ConnectSources:    jsii.Strings(connect...),
			DomainNames:       p.SiteDomainNames,
			CertificateArn:    p.SiteCertificateArn,
			LogsRetentionDays: p.LogsRetentionDays,
			Waf:               p.Waf,
			WebAclArn:         p.WafWebAclArn,
			RemovalPolicy:     removal(p),
		},
		auth: &auth.Props{
			SelfSignUp:                 p.SelfSignUp,
			Mfa:                        p.Mfa,
			FeaturePlan:                p.FeaturePlan,
			PasswordMinLength:          p.PasswordMinLength,
			DomainPrefix:               p.DomainPrefix,
			CallbackUrls:               &callbacks,
			AccessTokenValidityMinutes: p.AccessTokenValidityMinutes,
			IdTokenValidityMinutes:     p.IdTokenValidityMinutes,
			RefreshTokenValidityDays:   p.RefreshTokenValidityDays,
			AllowGuests:                p.AllowGuests,
			Groups:                     &groups,
			Google:                     p.Google,
			OidcProviders:              p.OidcProviders,
			SamlProviders:              p.SamlProviders,
			ServerClient:               p.ServerClient,
			OwnerKey:                   p.OwnerKey,
			OwnerClaim:                 p.OwnerClaim,
			RemovalPolicy:              removal(p),
		},
		storage: &storage.Props{
			BucketName:                      p.DataBucketName,
			CorsOrigins:                     &origins,
			OwnerPrefix:                     p.OwnerPrefix,
			OwnerKey:                        p.OwnerKey,
			ProtectedPrefix:                 p.ProtectedPrefix,
			PublicPrefix:                    p.PublicPrefix,
			PublicWrite:                     p.PublicWrite,
			GroupRules:                      &rules,
			NoncurrentVersionExpirationDays: p.NoncurrentVersionExpirationDays,
			LogsRetentionDays:               p.LogsRetentionDays,
			Backup:                          p.Backup,
			ReplicaBucketArn:                p.ReplicaBucketArn,
			DataEvents:                      p.DataEvents,
			ObjectLockDays:                  p.ObjectLockDays,
			RemovalPolicy:                   removal(p),
		},
	}
}

// removal is every stateful resource's removal policy: RETAIN, unless
// DestroyOnRemoval, the one switch that makes a stack disposable.
func removal(p *Props) awscdk.RemovalPolicy {
	if p.DestroyOnRemoval != nil && *p.DestroyOnRemoval {
		return awscdk.RemovalPolicy_DESTROY
	}
	return awscdk.RemovalPolicy_RETAIN
}

// splitGroups hands the groups to auth (name, precedence) and their rules to storage.
func splitGroups(list *[]*Group) ([]*auth.Group, []*storage.GroupRule) {
	var groups []*auth.Group
	var rules []*storage.GroupRule
	if list == nil {
		return groups, rules
	}
	for _, g := range *list {
		if g == nil {
			continue
		}
		groups = append(groups, &auth.Group{Name: g.Name, Precedence: g.Precedence})
		if g.Rules == nil {
			continue
		}
		for _, r := range *g.Rules {
			if r != nil {
				rules = append(rules, &storage.GroupRule{Group: g.Name, Path: r.Path, Permissions: r.Permissions})
			}
		}
	}
	return groups, rules
}

func deref(list *[]*string) []*string {
	if list == nil {
		return nil
	}
	return *list
}

// Validate reports every problem with p (nil is valid), naming each field as
// its context key. It is pure: nothing is created.
func (p *Props) Validate() error {
	var ps check.Problems
	parts := split(p, siteOriginForValidation, nil)
	ps.MergeRenamed(parts.site.Validate(), map[string]string{
		"domainNames": "siteDomainNames", "certificateArn": "siteCertificateArn",
	})
	ps.Merge(parts.auth.Validate())
	ps.Merge(parts.storage.Validate())
	if p != nil {
		checkLocalOnly(&ps, p)
	}
	return ps.Err()
}

// checkLocalOnly refuses to add a callback URL whose origin is not allowed
// by CORS, or the reverse, where that is surely a mistake: the app at that
// URL could sign in but not reach its files.
func checkLocalOnly(ps *check.Problems, p *Props) {
	allowed := map[string]bool{}
	for _, o := range deref(p.CorsOrigins) {
		allowed[*o] = true
	}
	for _, u := range deref(p.CallbackUrls) {
		var own check.Problems
		if urls.CheckRedirect(&own, "callbackUrls", *u); own.Err() != nil {
			continue // the URL itself is reported
		}
		if o := urls.Origin(*u); o != "" && !check.IsToken(*u) && !allowed[o] {
			ps.Add("callbackUrls", *u, "its origin "+o+" must also be in corsOrigins, or the app there cannot reach the bucket")
		}
	}
}
