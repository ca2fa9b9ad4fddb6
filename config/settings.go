package config

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/constructs/auth"
	"github.com/privatefolders/privatefolders/constructs/folders"
	"github.com/privatefolders/privatefolders/constructs/site"
	"github.com/privatefolders/privatefolders/constructs/storage"
)

// Setting is one context key of the app, defined once. Everything about it
// comes from here: parsing its cdk.json or -c value (Value), the prop it
// sets (Value's accessor, whose path also names the setting in the props'
// problems), its default and allowed values (Rule: the part's own exported
// rule, which the part applies), and its README row (Doc).
type Setting struct {
	// Key is the context key.
	Key string
	// Value is the value's type and the prop it goes to.
	Value Value
	// Rule is the prop's default and allowed values, as the part that
	// applies them exports them; nil when it has neither (default: none).
	Rule check.Rule
	// Doc says what the setting does, for the README's configuration table.
	Doc string
}

// Settings are every context key the app reads, in the README's order.
// Adding a setting is one entry here and the code that uses its prop.
var Settings = []Setting{
	{Key: "stackName", Value: Text(func(a *App) **string { return &a.stackName }), Rule: StackNameRule,
		Doc: "Name of the stack (a letter, then letters, digits, hyphens; at most 128); seeds the derived names below"},
	{Key: "account", Value: Text(func(a *App) **string { return &a.env().Account }), Rule: check.Text{Unset: "none (any account)"},
		Doc: "Pin the stack to an AWS account (12 digits)"},
	{Key: "region", Value: Text(func(a *App) **string { return &a.env().Region }), Rule: check.Text{Unset: "none (any region)"},
		Doc: "Pin the stack to a region, such as `eu-west-1`"},
	{Key: "webDir", Value: Text(func(a *App) **string { return &a.Props.WebDir }), Rule: WebDirRule,
		Doc: "The web app: an npm project built at synth time (its `dist/` is deployed), or a folder deployed as it is"},

	{Key: "selfSignUp", Value: Flag(func(a *App) **bool { return &a.auth().SelfSignUp }), Rule: auth.SelfSignUpRule,
		Doc: "Visitors can create their own accounts; `false`: only administrators create users"},
	{Key: "mfa", Value: Text(func(a *App) **string { return &a.auth().Mfa }), Rule: auth.MfaRule,
		Doc: "Multi-factor authentication; authenticator apps (TOTP) only, never SMS"},
	{Key: "featurePlan", Value: Text(func(a *App) **string { return &a.auth().FeaturePlan }), Rule: auth.FeaturePlanRule,
		Doc: "User pool feature plan: managed login needs one of these (`lite` has none); `plus` adds threat protection, billed per active user"},
	{Key: "passwordMinLength", Value: Whole(func(a *App) **float64 { return &a.auth().PasswordMinLength }), Rule: auth.PasswordMinLengthRule,
		Doc: "Shortest password accepted; lower, upper, digit and symbol always required"},
	{Key: "domainPrefix", Value: Text(func(a *App) **string { return &a.auth().DomainPrefix }), Rule: auth.DomainPrefixRule,
		Doc: "Managed-login domain prefix, `https://<prefix>.auth.<region>.amazoncognito.com`: 1–63 lowercase letters, digits, hyphens; no `aws`, `amazon`, `cognito`"},
	{Key: "callbackUrls", Value: Strings(func(a *App) **[]*string { return &a.auth().CallbackUrls }),
		Doc: "Extra sign-in/sign-out return URLs besides the site's (e.g. `http://localhost:5173/`); https, or http on localhost; each one's origin must be in `corsOrigins`"},
	{Key: "corsOrigins", Value: Strings(func(a *App) **[]*string { return &a.storage().CorsOrigins }),
		Doc: "Extra origins allowed to call the data bucket (e.g. `http://localhost:5173`); never `*`"},
	{Key: "accessTokenValidityMinutes", Value: Whole(func(a *App) **float64 { return &a.auth().AccessTokenValidityMinutes }), Rule: auth.AccessTokenValidityMinutesRule,
		Doc: "Access token lifetime, in minutes"},
	{Key: "idTokenValidityMinutes", Value: Whole(func(a *App) **float64 { return &a.auth().IdTokenValidityMinutes }), Rule: auth.IdTokenValidityMinutesRule,
		Doc: "Id token lifetime, in minutes"},
	{Key: "refreshTokenValidityDays", Value: Whole(func(a *App) **float64 { return &a.auth().RefreshTokenValidityDays }), Rule: auth.RefreshTokenValidityDaysRule,
		Doc: "How long a session may be renewed without signing in again, in days"},
	{Key: "allowGuests", Value: Flag(func(a *App) **bool { return &a.auth().AllowGuests }), Rule: auth.AllowGuestsRule,
		Doc: "Guest (unauthenticated) identities; their role may only read and list the public level (`publicPrefix`)"},
	{Key: "ownerKey", Value: Text(func(a *App) **string { return &a.auth().OwnerKey }), Rule: auth.OwnerKeyRule,
		Doc: "What names each user's folder: `identityId` (the identity pool's id) or `userPoolSub` (the user pool's `sub`, as the principal tag `owner`)"},
	{Key: "ownerClaim", Value: Text(func(a *App) **string { return &a.auth().OwnerClaim }), Rule: auth.OwnerClaimRule,
		Doc: "Only with `ownerKey=userPoolSub` (refused otherwise): the id-token claim that names folders; only immutable claims, so a claim the app client can write (such as `email`) is refused"},
	{Key: "protectedPrefix", Value: Text(func(a *App) **string { return &a.storage().ProtectedPrefix }), Rule: storage.ProtectedPrefixRule,
		Doc: "Protected level: `<prefix><owner>/` written by its owner, read and listed by every signed-in user"},
	{Key: "publicPrefix", Value: Text(func(a *App) **string { return &a.storage().PublicPrefix }), Rule: storage.PublicPrefixRule,
		Doc: "Public level: read and listed by every signed-in user, and by guests when `allowGuests` is on"},
	{Key: "publicWrite", Value: Flag(func(a *App) **bool { return &a.storage().PublicWrite }), Rule: storage.PublicWriteRule,
		Doc: "Every signed-in user may also write and delete under `publicPrefix`"},
	{Key: "groups", Value: JSON(func(a *App) **[]*folders.Group { return &a.Props.Folders.Groups }),
		Doc: "User-pool groups, each with its own role, such as `[{\"name\":\"auditors\",\"precedence\":1,\"rules\":[{\"path\":\"private/\",\"permissions\":[\"get\",\"list\"]}]}]`; permissions: `get`, `list`, `write`, `delete`"},
	{Key: "google", Value: JSON(func(a *App) **auth.GoogleProvider { return &a.auth().Google }),
		Doc: "Sign in with Google; the client secret stays in Secrets Manager (see [Sign in with existing identities](#sign-in-with-existing-identities))"},
	{Key: "oidcProviders", Value: JSON(func(a *App) **[]*auth.OidcProvider { return &a.auth().OidcProviders }),
		Doc: "OpenID Connect sign-in buttons (Okta, Entra ID, Keycloak, …); client secrets stay in Secrets Manager"},
	{Key: "samlProviders", Value: JSON(func(a *App) **[]*auth.SamlProvider { return &a.auth().SamlProviders }),
		Doc: "SAML sign-in buttons; exactly one of `metadataUrl` and `metadataFile` each"},
	{Key: "serverClient", Value: JSON(func(a *App) **auth.ServerClient { return &a.auth().ServerClient }),
		Doc: "Confidential app client for a server-side app (see [Server-side apps](#server-side-apps-filestash))"},
	{Key: "dataBucketName", Value: Text(func(a *App) **string { return &a.storage().BucketName }), Rule: storage.BucketNameRule,
		Doc: "Data bucket name: 3–63 lowercase letters, digits, hyphens (no dots)"},
	{Key: "ownerPrefix", Value: Text(func(a *App) **string { return &a.storage().OwnerPrefix }), Rule: storage.OwnerPrefixRule,
		Doc: "Folder under which each identity gets `<prefix><owner>/`"},
	{Key: "noncurrentVersionExpirationDays", Value: Whole(func(a *App) **float64 { return &a.storage().NoncurrentVersionExpirationDays }),
		Rule: storage.NoncurrentVersionExpirationDaysRule, Doc: "Days old versions of overwritten or deleted files are kept for an operator to restore"},
	{Key: "logsRetentionDays", Value: Whole(func(a *App) **float64 { return &a.site().LogsRetentionDays }), Rule: site.LogsRetentionDaysRule,
		Doc: "Days access logs (data bucket, site bucket, CloudFront) are kept"},
	{Key: "siteDomainNames", Value: Strings(func(a *App) **[]*string { return &a.site().DomainNames }), Rule: site.DomainNamesRule,
		Doc: "Custom domain names for the site (needs `siteCertificateArn`)"},
	{Key: "siteCertificateArn", Value: Text(func(a *App) **string { return &a.site().CertificateArn }),
		Doc: "ACM certificate in us-east-1 for `siteDomainNames`; with it viewers need TLS 1.2+"},
	{Key: "backup", Value: Flag(func(a *App) **bool { return &a.storage().Backup }), Rule: storage.BackupRule,
		Doc: "AWS Backup plan for the data bucket: continuous backups, point-in-time restore for 35 days"},
	{Key: "replicaBucketArn", Value: Text(func(a *App) **string { return &a.storage().ReplicaBucketArn }), Rule: storage.ReplicaBucketArnRule,
		Doc: "Replicate the data bucket (objects and delete markers) to this versioned bucket, normally in another region"},
	{Key: "dataEvents", Value: Flag(func(a *App) **bool { return &a.storage().DataEvents }), Rule: storage.DataEventsRule,
		Doc: "CloudTrail trail of every object read and write of the data bucket, into the logs bucket"},
	{Key: "malwareScan", Value: Flag(func(a *App) **bool { return &a.storage().MalwareScan }), Rule: storage.MalwareScanRule,
		Doc: "Scan every upload with GuardDuty Malware Protection for S3; nobody downloads a file until it is scanned clean (see [Malware scanning](#malware-scanning)); billed per GB scanned"},
	{Key: "objectLockDays", Value: Whole(func(a *App) **float64 { return &a.storage().ObjectLockDays }), Rule: storage.ObjectLockDaysRule,
		Doc: "S3 Object Lock, governance mode: every version kept at least this many days; set at creation"},
	{Key: "waf", Value: Flag(func(a *App) **bool { return &a.site().Waf }), Rule: site.WafRule,
		Doc: "AWS WAF web ACL on the site (rate limit, AWS managed rules, request logs); the stack must be in us-east-1"},
	{Key: "wafWebAclArn", Value: Text(func(a *App) **string { return &a.site().WebAclArn }),
		Doc: "Attach an existing CloudFront (us-east-1) web ACL instead"},
	{Key: "sharing", Value: Flag(func(a *App) **bool { return &a.Props.Folders.Sharing }), Rule: folders.SharingRule,
		Doc: "Share service: links that last up to 30 days and can be revoked, shares with named users, file drops (see [Sharing](#sharing)); adds a Lambda function, an HTTP API and a DynamoDB table"},
	{Key: "destroyOnRemoval", Value: Flag(func(a *App) **bool { return &a.Props.Folders.DestroyOnRemoval }), Rule: folders.DestroyOnRemovalRule,
		Doc: "**Test environments only**: delete the pools and every bucket, with their contents, when the stack is deleted"},
}

// The app's own rules: the defaults of the settings that are not a part's.
var (
	// StackNameRule is the stack name's default.
	StackNameRule = check.Text{Default: DefaultStackName}
	// WebDirRule is the web app's default folder.
	WebDirRule = check.Text{Default: DefaultWebDir}
)

func (a *App) auth() *auth.Props       { return ensure(&a.Props.Folders.Auth) }
func (a *App) storage() *storage.Props { return ensure(&a.Props.Folders.Storage) }
func (a *App) site() *site.Props       { return ensure(&a.Props.Folders.Site) }
func (a *App) env() *awscdk.Environment {
	return ensure(&a.Props.Env)
}

// ensure is *p, made first when nil.
func ensure[T any](p **T) *T {
	if *p == nil {
		*p = new(T)
	}
	return *p
}
