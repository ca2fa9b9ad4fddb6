// Package folders is the whole system in one construct: every signed-in
// user gets a private folder in S3, behind Cognito, with the browser app
// that uses it.
//
// It composes the parts, which can also be used on their own:
// auth (user pool, managed login, app client, identity pool), storage (data
// bucket, logs bucket, owner policy) and site (private bucket behind
// CloudFront, and the app's deployment).
package folders

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/constructs/auth"
	"github.com/privatefolders/privatefolders/constructs/share"
	"github.com/privatefolders/privatefolders/constructs/site"
	"github.com/privatefolders/privatefolders/constructs/storage"
)

// System is the user pool, identity pool, data bucket and web site, wired
// together.
type System struct {
	constructs.Construct
	// Auth is the user pool, managed login, app client and identity pool.
	Auth *auth.Auth
	// Storage is the data bucket, its logs bucket and the owner policy.
	Storage *storage.Storage
	// Site is the private site bucket behind CloudFront.
	Site *site.Site
	// Share is the share service; nil unless Props.Sharing.
	Share *share.Share
	// Content deploys the web app's files and config.json to the site.
	Content *site.Content
	// Config is the runtime configuration written as /config.json; values
	// may be deploy-time values.
	Config map[string]any
	// AmplifyOutputs is the Amplify client configuration (schema 1.4),
	// published as /amplify_outputs.json and as the stack's AmplifyOutputs output.
	AmplifyOutputs map[string]any
}

// New creates the whole system. It panics with every problem in props (see
// Props.Validate) before creating anything.
func New(scope constructs.Construct, id *string, props *Props) *System {
	if err := props.Validate(); err != nil {
		panic(err)
	}
	p := copyOf(props)
	s := &System{Construct: constructs.NewConstruct(scope, id)}
	n := deriveNames(s.Construct, p)

	// The order breaks a dependency cycle without weakening either side:
	// the data bucket's CORS and the app client's callback URLs need the
	// distribution's domain, while the distribution's CSP names the data
	// bucket and the login domain. Those two addresses are plain strings
	// built from the stack name and pseudo-parameters (see deriveNames),
	// never resource attributes, so the CSP depends on neither resource.
	siteProps := p.siteProps(n.connectSources())
	// Previews load images, audio and video by presigned URL from the data bucket.
	siteProps.MediaSources = jsii.Strings(n.dataOrigin())
	s.Site = site.New(s.Construct, jsii.String("Site"), siteProps)

	ap := p.authProps(*s.Site.Origin)
	ap.DomainPrefix = jsii.String(n.domainPrefix)
	s.Auth = auth.New(s.Construct, jsii.String("Auth"), ap)

	sp := p.storageProps(*s.Site.Origin)
	sp.BucketName = jsii.String(n.bucket)
	sp.LogsBucket = s.Site.LogsBucket
	// Every role an identity can get keeps its owner access: a group member
	// is still the owner of its folder (Amplify attaches owner rules to the
	// authenticated role only, so group members lose their own folder).
	ownerRoles := s.Auth.Roles()
	sp.OwnerRoles = &ownerRoles
	sp.GroupRoles = &s.Auth.GroupRoles
	if *s.Auth.Props.AllowGuests {
		sp.GuestRoles = &[]awsiam.IRole{s.Auth.UnauthenticatedRole}
	}
	s.Storage = storage.New(s.Construct, jsii.String("Storage"), sp)

	if *SharingRule.Or(p.Sharing) {
		s.Share = newShare(s, p)
	}
	s.Config = runtimeConfig(s)
	s.AmplifyOutputs = amplifyOutputs(s, p)
	s.Content = site.NewContent(s.Construct, jsii.String("Content"), &site.ContentProps{
		Site: s.Site, Config: &s.Config, Source: p.WebSource,
		Files: &map[string]any{AmplifyOutputsFile: s.AmplifyOutputs},
	})
	return s
}

// names are the addresses known before their resources exist.
type names struct {
	region, domainPrefix, bucket string
}

func deriveNames(scope constructs.Construct, p Props) names {
	n := names{region: *awscdk.Stack_Of(scope).Region()}
	n.domainPrefix = auth.DefaultDomainPrefix(scope)
	n.bucket = storage.DefaultBucketName(scope)
	if a := copyOf(p.Auth); a.DomainPrefix != nil {
		n.domainPrefix = *a.DomainPrefix
	}
	if st := copyOf(p.Storage); st.BucketName != nil {
		n.bucket = *st.BucketName
	}
	return n
}

// connectSources are the endpoints the browser app calls: the managed-login
// domain (tokens), the identity pool (credentials) and the data bucket
// (virtual-hosted, as the SDK calls it). The app builds its OIDC metadata
// from config.json, so the user pool's own endpoint is not among them.
func (n names) connectSources() []string {
	return []string{
		"https://" + n.domainPrefix + ".auth." + n.region + ".amazoncognito.com",
		"https://cognito-identity." + n.region + ".amazonaws.com",
		n.dataOrigin(),
	}
}

// dataOrigin is the data bucket's virtual-hosted origin, as the SDK calls
// it and as presigned URLs name it.
func (n names) dataOrigin() string {
	return "https://" + n.bucket + ".s3." + n.region + ".amazonaws.com"
}

// runtimeConfig is /config.json, the contract with the web app (web/README.md).
func runtimeConfig(s *System) map[string]any {
	cfg := map[string]any{
		"version":          1,
		"region":           awscdk.Stack_Of(s.Construct).Region(),
		"userPoolId":       s.Auth.UserPool.UserPoolId(),
		"userPoolClientId": s.Auth.Client.UserPoolClientId(),
		"identityPoolId":   s.Auth.IdentityPool.IdentityPoolId(),
		"oidcIssuer":       s.Auth.UserPool.UserPoolProviderUrl(),
		"loginDomain":      s.Auth.Domain.BaseUrl(nil),
		"scopes":           auth.Scopes,
		"bucket":           s.Storage.Bucket.BucketName(),
		"ownerPrefix":      s.Storage.OwnerPrefix,
		"ownerKey":         s.Auth.OwnerKey,
		// How long "Recently deleted" and "Versions" can bring a file back.
		"noncurrentVersionExpirationDays": s.Storage.Props.NoncurrentVersionExpirationDays,
	}
	if s.Storage.Malware != nil {
		// Files show their scan status, and only clean ones open.
		cfg["malwareScan"] = true
	}
	if s.Share != nil {
		cfg["sharing"] = true // the app offers the share service (docs/sharing-api.md)
	}
	return cfg
}

// newShare adds the share service, served by the site at /api/* and /s/*.
func newShare(s *System, p Props) *share.Share {
	sh := share.New(s.Construct, jsii.String("Share"), &share.Props{
		UserPool: s.Auth.UserPool, Client: s.Auth.Client, IdentityPoolId: s.Auth.IdentityPool.IdentityPoolId(),
		Bucket: s.Storage.Bucket, OwnerPrefix: s.Storage.OwnerPrefix, OwnerKey: s.Auth.OwnerKey,
		OwnerClaim: s.Auth.Props.OwnerClaim, RemovalPolicy: p.removal(),
	})
	s.Site.AddAPI(sh.Domain, "/api/*", "/s/*")
	return sh
}
