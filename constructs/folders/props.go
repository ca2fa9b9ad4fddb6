package folders

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3deployment"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/constructs/auth"
	"github.com/privatefolders/privatefolders/constructs/site"
	"github.com/privatefolders/privatefolders/constructs/storage"
	"github.com/privatefolders/privatefolders/internal/urls"
)

// Props configures the whole system. The zero value is valid: each part
// keeps its own secure defaults. A part's options are documented once, on
// its own props (auth.Props, storage.Props, site.Props); the system wires
// the values its parts must agree on, and refuses, with a problem naming
// the prop, a value it would otherwise have to ignore or override.
type Props struct {
	// Auth configures sign-in: the user pool, managed login, app clients
	// and identity pool (see auth.Props). In the system, CallbackUrls are
	// extra return URLs besides the site's own (for local development, such
	// as "http://localhost:5173/"), each of whose origins must also be in
	// Storage.CorsOrigins; OwnerKey also names the folders in storage; with
	// AllowGuests, guests also read storage's public level. Groups and
	// RemovalPolicy are refused: see Groups and DestroyOnRemoval.
	// Default: auth's defaults.
	Auth *auth.Props
	// Storage configures the data bucket and its access (see
	// storage.Props). In the system, CorsOrigins are extra browser origins
	// besides the site's own (such as "http://localhost:5173"). The system
	// sets OwnerKey (from Auth.OwnerKey), OwnerRoles, GuestRoles,
	// GroupRules, GroupRoles and LogsBucket (the site's, whose retention is
	// Site.LogsRetentionDays), and RemovalPolicy: a different value for any
	// of them is refused. Default: storage's defaults.
	Storage *storage.Props
	// Site configures the site and its logs bucket (see site.Props). In the
	// system, ConnectSources are extra origins the app may call besides the
	// login domain, the identity pool and the data bucket, and RemovalPolicy
	// is refused (see DestroyOnRemoval). Default: site's defaults.
	Site *site.Props
	// Groups are user-pool groups, each with its own role that keeps the
	// owner access and adds the group's rules: they span auth (the group
	// and its role) and storage (the rules). Default: none.
	Groups *[]*Group
	// WebSource is the web app's files, deployed to the site with a runtime
	// config.json. Default: none; only config.json is deployed.
	WebSource awss3deployment.ISource
	// Sharing adds the share service (constructs/share): links that last
	// and can be revoked, shares with named users and file drops, served
	// from the site's origin at /api/* and /s/*. Default: false; the stack
	// is as without it.
	Sharing *bool
	// DestroyOnRemoval is for test environments only: the user pool, the
	// identity pool and every bucket are DELETED with the stack, bucket
	// contents included, and the user pool loses its deletion protection.
	// It is every part's removal policy. Default: false; everything that
	// holds users or files is retained.
	DestroyOnRemoval *bool
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

// siteOriginForValidation stands in for the distribution's origin when the
// props are validated before anything exists; it is a valid https origin.
const siteOriginForValidation = "https://site.invalid"

// SharingRule is Sharing's default.
var SharingRule = check.Flag{Default: false}

// DestroyOnRemovalRule is DestroyOnRemoval's default.
var DestroyOnRemovalRule = check.Flag{Default: false}

// removal is every stateful resource's removal policy: RETAIN, unless
// DestroyOnRemoval, the one switch that makes a stack disposable.
func (p Props) removal() awscdk.RemovalPolicy {
	if *DestroyOnRemovalRule.Or(p.DestroyOnRemoval) {
		return awscdk.RemovalPolicy_DESTROY
	}
	return awscdk.RemovalPolicy_RETAIN
}

// siteProps are Site with the system's wiring: connect, the origins the
// CSP lets the app call, before the caller's own.
func (p Props) siteProps(connect []string) *site.Props {
	sp := copyOf(p.Site)
	sources := append(*jsii.Strings(connect...), deref(sp.ConnectSources)...)
	sp.ConnectSources = &sources
	sp.RemovalPolicy = p.removal()
	return &sp
}

// authProps are Auth with the system's wiring: the site's URL first among
// the callback URLs, the groups, the removal policy.
func (p Props) authProps(siteOrigin string) *auth.Props {
	ap := copyOf(p.Auth)
	callbacks := append([]*string{jsii.String(siteOrigin + "/")}, deref(ap.CallbackUrls)...)
	ap.CallbackUrls = &callbacks
	groups := authGroups(p.Groups)
	ap.Groups = &groups
	ap.RemovalPolicy = p.removal()
	return &ap
}

// storageProps are Storage with the system's wiring that exists before
// the other parts: the site's origin first among the CORS origins, auth's
// owner key, the groups' rules, the removal policy. New adds the roles and
// the logs bucket once they exist.
func (p Props) storageProps(siteOrigin string) *storage.Props {
	sp := copyOf(p.Storage)
	origins := append([]*string{jsii.String(siteOrigin)}, deref(sp.CorsOrigins)...)
	sp.CorsOrigins = &origins
	sp.OwnerKey = copyOf(p.Auth).OwnerKey
	rules := storageRules(p.Groups)
	sp.GroupRules = &rules
	sp.RemovalPolicy = p.removal()
	return &sp
}

// authGroups hands the groups' names and precedences to auth.
func authGroups(list *[]*Group) []*auth.Group {
	var groups []*auth.Group
	for _, g := range deref(list) {
		groups = append(groups, &auth.Group{Name: g.Name, Precedence: g.Precedence})
	}
	return groups
}

// storageRules hands the groups' rules to storage.
func storageRules(list *[]*Group) []*storage.GroupRule {
	var rules []*storage.GroupRule
	for _, g := range deref(list) {
		for _, r := range deref(g.Rules) {
			rules = append(rules, &storage.GroupRule{Group: g.Name, Path: r.Path, Permissions: r.Permissions})
		}
	}
	return rules
}

// copyOf is *p, or the zero value when p is nil.
func copyOf[T any](p *T) T {
	var v T
	if p != nil {
		v = *p
	}
	return v
}

// deref is the non-nil elements of list.
func deref[T any](list *[]*T) []*T {
	var out []*T
	if list == nil {
		return out
	}
	for _, x := range *list {
		if x != nil {
			out = append(out, x)
		}
	}
	return out
}

// Validate reports every problem with p (nil is valid) before anything is
// created: each part's problems under the part's name ("Storage.BucketName",
// "Auth.Mfa"), the groups' as "Groups.…", and every value the system would
// have to override. It is pure.
func (p *Props) Validate() error {
	q := copyOf(p)
	var ps check.Problems
	refuseWired(&ps, q)
	ps.MergeRenamed(q.siteProps(nil).Validate(), check.Under("Site"))
	ps.MergeRenamed(q.authProps(siteOriginForValidation).Validate(), authField)
	ps.MergeRenamed(q.storageProps(siteOriginForValidation).Validate(), storageField)
	checkLocalOnly(&ps, q)
	return ps.Err()
}

// authField names an auth problem as the caller set it: its groups are
// the system's Groups.
func authField(f string) string {
	if strings.HasPrefix(f, "Groups.") {
		return f
	}
	return "Auth." + f
}

// storageWired are the storage props the system fills from elsewhere, by
// the prop the caller sets them with.
var storageWired = map[string]string{
	"OwnerKey":               "Auth.OwnerKey",
	"GroupRules.Group":       "Groups.Name",
	"GroupRules.Path":        "Groups.Rules.Path",
	"GroupRules.Permissions": "Groups.Rules.Permissions",
}

// storageField names a storage problem as the caller set it.
func storageField(f string) string {
	if to, ok := storageWired[f]; ok {
		return to
	}
	return "Storage." + f
}

// refuseWired reports each part prop the system sets itself when the
// caller set it to something else: it would otherwise be ignored.
func refuseWired(ps *check.Problems, p Props) {
	removal := p.removal()
	a, st, si := copyOf(p.Auth), copyOf(p.Storage), copyOf(p.Site)
	for _, r := range []struct {
		field string
		set   awscdk.RemovalPolicy
	}{{"Auth.RemovalPolicy", a.RemovalPolicy}, {"Storage.RemovalPolicy", st.RemovalPolicy}, {"Site.RemovalPolicy", si.RemovalPolicy}} {
		if r.set != "" && r.set != removal {
			ps.Add(r.field, string(r.set), "must be unset: DestroyOnRemoval sets every part's removal policy ("+string(removal)+" here)", "DestroyOnRemoval")
		}
	}
	if a.Groups != nil {
		ps.Add("Auth.Groups", "(set)", "must be unset: set Groups, which gives each group its role and its storage rules too", "Groups")
	}
	if st.OwnerKey != nil && *st.OwnerKey != *auth.OwnerKeyRule.Or(a.OwnerKey) {
		ps.Add("Storage.OwnerKey", *st.OwnerKey, "must be unset or equal Auth.OwnerKey: folders are named by the identities auth hands out", "Auth.OwnerKey")
	}
	if st.LogsRetentionDays != nil && *st.LogsRetentionDays != *site.LogsRetentionDaysRule.Or(si.LogsRetentionDays) {
		ps.Add("Storage.LogsRetentionDays", *st.LogsRetentionDays,
			"must be unset: the data bucket logs into the site's logs bucket, whose retention is Site.LogsRetentionDays", "Site.LogsRetentionDays")
	}
	for _, w := range []struct {
		field string
		set   bool
	}{{"Storage.OwnerRoles", st.OwnerRoles != nil}, {"Storage.GuestRoles", st.GuestRoles != nil}, {"Storage.GroupRoles", st.GroupRoles != nil},
		{"Storage.GroupRules", st.GroupRules != nil}, {"Storage.LogsBucket", st.LogsBucket != nil}} {
		if w.set {
			ps.Add(w.field, "(set)", "must be unset: the system wires it from auth's roles, Groups and the site's logs bucket")
		}
	}
}

// checkLocalOnly refuses to add a callback URL whose origin is not allowed
// by CORS, or the reverse, where that is surely a mistake: the app at that
// URL could sign in but not reach its files.
func checkLocalOnly(ps *check.Problems, p Props) {
	allowed := map[string]bool{}
	for _, o := range deref(copyOf(p.Storage).CorsOrigins) {
		allowed[*o] = true
	}
	for _, u := range deref(copyOf(p.Auth).CallbackUrls) {
		var own check.Problems
		if urls.CheckRedirect(&own, "CallbackUrls", *u); own.Err() != nil {
			continue // the URL itself is reported
		}
		if o := urls.Origin(*u); o != "" && !check.IsToken(*u) && !allowed[o] {
			ps.Add("Auth.CallbackUrls", *u, "its origin "+o+" must also be in Storage.CorsOrigins, or the app there cannot reach the bucket", "Storage.CorsOrigins")
		}
	}
}
