// Package config turns the app's context (cdk.json "context" and
// `cdk synth -c key=value`) into stack props, and reports every bad or
// unknown key at once. It is pure Go: nothing here starts the CDK.
package config

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/constructs/auth"
	"github.com/privatefolders/privatefolders/constructs/folders"
	"github.com/privatefolders/privatefolders/internal/check"
	"github.com/privatefolders/privatefolders/stacks"
)

// DefaultStackName is the stack's name when the stackName key is unset.
const DefaultStackName = "PrivateFolders"

// DefaultWebDir is the web app directory deployed when webDir is unset.
const DefaultWebDir = "web"

// App is what the app builds: the stack's name and props.
type App struct {
	// StackName names the stack (and seeds the derived names).
	StackName string
	// Props configures the stack.
	Props *stacks.Props
}

// Kind is the type a context key takes.
type Kind string

// The kinds of context values.
const (
	String Kind = "string"
	Bool   Kind = "boolean"
	Int    Kind = "integer"
	List   Kind = "list of strings"
	Groups Kind = "JSON list of groups"
	// Google, OidcProviders, SamlProviders and ServerClient are JSON values
	// whose unknown fields are refused.
	Google        Kind = "JSON object: Google sign-in"
	OidcProviders Kind = "JSON list of OpenID Connect providers"
	SamlProviders Kind = "JSON list of SAML providers"
	ServerClient  Kind = "JSON object: server-side app client"
)

// Key documents one context key and applies its value.
type Key struct {
	// Name is the context key.
	Name string
	// Kind is the value's type.
	Kind Kind
	// Default describes the behaviour when the key is unset.
	Default string
	// Doc says what the key controls.
	Doc string
	// apply stores a parsed value (a string, *bool, *float64 or *[]*string).
	apply func(a *App, v any)
}

func str(f func(a *App, v *string)) func(*App, any) {
	return func(a *App, v any) { f(a, v.(*string)) }
}
func boolean(f func(a *App, v *bool)) func(*App, any) {
	return func(a *App, v any) { f(a, v.(*bool)) }
}
func number(f func(a *App, v *float64)) func(*App, any) {
	return func(a *App, v any) { f(a, v.(*float64)) }
}
func list(f func(a *App, v *[]*string)) func(*App, any) {
	return func(a *App, v any) { f(a, v.(*[]*string)) }
}

func fp(a *App) *folders.Props { return a.Props.Folders }

// Keys are every context key the app reads, in the order the README lists them.
var Keys = []Key{
	{"stackName", String, DefaultStackName, "Name of the stack; also seeds the default domain prefix and data bucket name.",
		str(func(a *App, v *string) { a.StackName = *v })},
	{"account", String, "none: the template works in any account", "AWS account id (12 digits) to pin the stack to.",
		str(func(a *App, v *string) { env(a).Account = v })},
	{"region", String, "none: the template works in any region", "AWS region to pin the stack to, such as eu-west-1.",
		str(func(a *App, v *string) { env(a).Region = v })},
	{"webDir", String, DefaultWebDir, "The web app: an npm project built at synth time (its dist/ is deployed), or a folder deployed as it is.",
		str(func(a *App, v *string) { a.Props.WebDir = v })},
	{"selfSignUp", Bool, "true", "Let visitors create their own accounts on the managed login pages.",
		boolean(func(a *App, v *bool) { fp(a).SelfSignUp = v })},
	{"mfa", String, "off", "Multi-factor authentication: off, optional or required (authenticator apps only).",
		str(func(a *App, v *string) { fp(a).Mfa = v })},
	{"featurePlan", String, "essentials", "User pool feature plan: essentials or plus.",
		str(func(a *App, v *string) { fp(a).FeaturePlan = v })},
	{"passwordMinLength", Int, "8", "Shortest password accepted (8-99); lower, upper, digit and symbol are always required.",
		number(func(a *App, v *float64) { fp(a).PasswordMinLength = v })},
	{"domainPrefix", String, "<stack name slug>-<account id>", "Managed-login domain prefix: https://<prefix>.auth.<region>.amazoncognito.com.",
		str(func(a *App, v *string) { fp(a).DomainPrefix = v })},
	{"callbackUrls", List, "none", "Extra sign-in/sign-out return URLs besides the site's, e.g. http://localhost:5173/.",
		list(func(a *App, v *[]*string) { fp(a).CallbackUrls = v })},
	{"corsOrigins", List, "none", "Extra browser origins allowed to call the data bucket besides the site's, e.g. http://localhost:5173.",
		list(func(a *App, v *[]*string) { fp(a).CorsOrigins = v })},
	{"accessTokenValidityMinutes", Int, "60", "Access token lifetime in minutes (5-1440).",
		number(func(a *App, v *float64) { fp(a).AccessTokenValidityMinutes = v })},
	{"idTokenValidityMinutes", Int, "60", "Id token lifetime in minutes (5-1440).",
		number(func(a *App, v *float64) { fp(a).IdTokenValidityMinutes = v })},
	{"refreshTokenValidityDays", Int, "30", "Refresh token lifetime in days (1-3650).",
		number(func(a *App, v *float64) { fp(a).RefreshTokenValidityDays = v })},
	{"allowGuests", Bool, "false", "Give visitors who have not signed in guest credentials (no access to the data bucket).",
		boolean(func(a *App, v *bool) { fp(a).AllowGuests = v })},
	{"ownerKey", String, "identityId", "What names each user's folder: identityId (identity pool id) or userPoolSub (user pool sub, as a principal tag).",
		str(func(a *App, v *string) { fp(a).OwnerKey = v })},
	{"ownerClaim", String, "sub", "With ownerKey=userPoolSub, the id-token claim naming folders; only immutable claims (sub, cognito:username).",
		str(func(a *App, v *string) { fp(a).OwnerClaim = v })},
	{"protectedPrefix", String, "none (level off)", "Protected level: <prefix><owner>/ written by its owner, read and listed by every signed-in user.",
		str(func(a *App, v *string) { fp(a).ProtectedPrefix = v })},
	{"publicPrefix", String, "none (level off)", "Public level: read and listed by every signed-in user (and guests when allowGuests is on).",
		str(func(a *App, v *string) { fp(a).PublicPrefix = v })},
	{"publicWrite", Bool, "false", "Every signed-in user may also write and delete under publicPrefix.",
		boolean(func(a *App, v *bool) { fp(a).PublicWrite = v })},
	{"groups", Groups, "none", `User-pool groups with their own roles: [{"name":"auditors","precedence":1,"rules":[{"path":"private/","permissions":["get","list"]}]}].`,
		func(a *App, v any) { fp(a).Groups = v.(*[]*folders.Group) }},
	{"google", Google, "none", `Sign in with Google: {"clientId":"….apps.googleusercontent.com","clientSecretId":"<Secrets Manager secret name or ARN>","clientSecretJsonField":"<key, if JSON>","scopes":["openid","email","profile"]}.`,
		func(a *App, v any) { fp(a).Google = v.(*auth.GoogleProvider) }},
	{"oidcProviders", OidcProviders, "none", `OpenID Connect sign-in buttons: [{"name":"Okta","issuerUrl":"https://…","clientId":"…","clientSecretId":"<secret name or ARN>","scopes":["openid","email"],"attributeMapping":{"name":"name"}}].`,
		func(a *App, v any) { fp(a).OidcProviders = v.(*[]*auth.OidcProvider) }},
	{"samlProviders", SamlProviders, "none", `SAML sign-in buttons: [{"name":"Corp","metadataUrl":"https://…" or "metadataFile":"<XML>","attributeMapping":{"email":"<SAML attribute>"}}].`,
		func(a *App, v any) { fp(a).SamlProviders = v.(*[]*auth.SamlProvider) }},
	{"serverClient", ServerClient, "none", `Confidential app client for a server-side app such as Filestash: {"name":"filestash","callbackUrls":["https://files.example.com/api/session/auth/"],"logoutUrls":[],"scopes":["openid","email","profile"]}.`,
		func(a *App, v any) { fp(a).ServerClient = v.(*auth.ServerClient) }},
	{"dataBucketName", String, "<stack name slug>-data-<account>-<region>", "Name of the data bucket.",
		str(func(a *App, v *string) { fp(a).DataBucketName = v })},
	{"ownerPrefix", String, "private/", "Folder under which each identity gets its own folder.",
		str(func(a *App, v *string) { fp(a).OwnerPrefix = v })},
	{"noncurrentVersionExpirationDays", Int, "30", "Days an overwritten or deleted file's old version is kept for restore (1-3650).",
		number(func(a *App, v *float64) { fp(a).NoncurrentVersionExpirationDays = v })},
	{"logsRetentionDays", Int, "365", "Days access logs are kept (1-3650).",
		number(func(a *App, v *float64) { fp(a).LogsRetentionDays = v })},
	{"siteDomainNames", List, "none", "Custom domain names for the site (needs siteCertificateArn).",
		list(func(a *App, v *[]*string) { fp(a).SiteDomainNames = v })},
	{"siteCertificateArn", String, "none", "ACM certificate ARN in us-east-1 for siteDomainNames; enables TLS 1.2+ only.",
		str(func(a *App, v *string) { fp(a).SiteCertificateArn = v })},
	{"destroyOnRemoval", Bool, "false", "TEST ENVIRONMENTS ONLY: delete the user pool, identity pool and every bucket (with their contents) when the stack is deleted.",
		boolean(func(a *App, v *bool) { fp(a).DestroyOnRemoval = v })},
	{"backup", Bool, "false", "AWS Backup plan for the data bucket: continuous backups, point-in-time restore for 35 days.",
		boolean(func(a *App, v *bool) { fp(a).Backup = v })},
	{"replicaBucketArn", String, "none", "Replicate the data bucket to this versioned bucket (normally in another region).",
		str(func(a *App, v *string) { fp(a).ReplicaBucketArn = v })},
	{"dataEvents", Bool, "false", "CloudTrail trail of the data bucket's object reads and writes, into the logs bucket.",
		boolean(func(a *App, v *bool) { fp(a).DataEvents = v })},
	{"objectLockDays", Int, "off", "S3 Object Lock in governance mode: keep every object version at least this many days (1-36500).",
		number(func(a *App, v *float64) { fp(a).ObjectLockDays = v })},
	{"waf", Bool, "false", "AWS WAF web ACL for the site (rate limit, AWS managed rules); the stack must be in us-east-1.",
		boolean(func(a *App, v *bool) { fp(a).Waf = v })},
	{"wafWebAclArn", String, "none", "Attach an existing CloudFront (us-east-1) web ACL to the site instead.",
		str(func(a *App, v *string) { fp(a).WafWebAclArn = v })},
}

func env(a *App) *awscdk.Environment {
	if a.Props.Env == nil {
		a.Props.Env = &awscdk.Environment{}
	}
	return a.Props.Env
}

var (
	stackNameRule = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,127}$`)
	accountRule   = regexp.MustCompile(`^\d{12}$`)
	regionRule    = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d$`)
)

// Parse reads the context values (keys as cdk.json or -c give them) into
// the app's stack name and props, then validates every setting. It returns
// every problem at once as a *check.Error.
func Parse(ctx map[string]any) (*App, error) {
	a := &App{StackName: DefaultStackName, Props: &stacks.Props{
		Folders: &folders.Props{},
		WebDir:  jsii.String(DefaultWebDir),
	}}
	var ps check.Problems
	for _, k := range Keys {
		raw, ok := ctx[k.Name]
		if !ok || raw == nil {
			continue
		}
		if v, ok := parse(&ps, k, raw); ok {
			k.apply(a, v)
		}
	}
	reportUnknown(&ps, ctx)
	checkEnvironment(&ps, a)
	// Keys of the wrong type were left at their defaults above, so every
	// other key's rules are still checked and all problems come at once.
	ps.Merge(a.Props.Validate())
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return a, nil
}

func checkEnvironment(ps *check.Problems, a *App) {
	if !stackNameRule.MatchString(a.StackName) {
		ps.Add("stackName", a.StackName, "must start with a letter and hold only letters, digits and hyphens, at most 128")
	}
	if e := a.Props.Env; e != nil {
		if e.Account != nil && !accountRule.MatchString(*e.Account) {
			ps.Add("account", *e.Account, "must be a 12-digit AWS account id")
		}
		if e.Region != nil && !regionRule.MatchString(*e.Region) {
			ps.Add("region", *e.Region, "must be an AWS region such as eu-west-1")
		}
		if waf := a.Props.Folders.Waf; waf != nil && *waf && e.Region != nil && *e.Region != "us-east-1" {
			ps.Add("waf", true, "needs region us-east-1, where CloudFront web ACLs live (received region "+*e.Region+"); use wafWebAclArn to attach one made there")
		}
	}
}

// parse converts one raw value. cdk.json gives JSON types; -c key=value
// always gives a string, which is converted here.
func parse(ps *check.Problems, k Key, raw any) (any, bool) {
	switch k.Kind {
	case Bool:
		return parseBool(ps, k.Name, raw)
	case Int:
		return parseInt(ps, k.Name, raw)
	case List:
		return parseList(ps, k.Name, raw)
	case Groups:
		return parseGroups(ps, k.Name, raw)
	case Google:
		return parseGoogle(ps, k.Name, raw)
	case OidcProviders:
		return parseOidcProviders(ps, k.Name, raw)
	case SamlProviders:
		return parseSamlProviders(ps, k.Name, raw)
	case ServerClient:
		return parseServerClient(ps, k.Name, raw)
	default:
		s, ok := raw.(string)
		if !ok {
			ps.Add(k.Name, raw, "must be a string")
			return nil, false
		}
		return jsii.String(strings.TrimSpace(s)), true
	}
}

func parseBool(ps *check.Problems, name string, raw any) (any, bool) {
	switch v := raw.(type) {
	case bool:
		return jsii.Bool(v), true
	case string:
		switch strings.TrimSpace(v) {
		case "true":
			return jsii.Bool(true), true
		case "false":
			return jsii.Bool(false), true
		}
	}
	ps.Add(name, raw, "must be true or false")
	return nil, false
}

func parseInt(ps *check.Problems, name string, raw any) (any, bool) {
	var f float64
	switch v := raw.(type) {
	case float64:
		f = v
	case string:
		n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			ps.Add(name, raw, "must be a whole number")
			return nil, false
		}
		f = n
	default:
		ps.Add(name, raw, "must be a whole number")
		return nil, false
	}
	if f != math.Trunc(f) || math.IsInf(f, 0) {
		ps.Add(name, raw, "must be a whole number")
		return nil, false
	}
	return jsii.Number(f), true
}

// parseList accepts a JSON array of strings, or a string holding a JSON
// array or comma-separated values (the form -c gives).
func parseList(ps *check.Problems, name string, raw any) (any, bool) {
	var items []string
	switch v := raw.(type) {
	case []any:
		for _, it := range v {
			s, ok := it.(string)
			if !ok {
				ps.Add(name, raw, "must be a list of strings")
				return nil, false
			}
			items = append(items, s)
		}
	case string:
		t := strings.TrimSpace(v)
		if strings.HasPrefix(t, "[") {
			if err := json.Unmarshal([]byte(t), &items); err != nil {
				ps.Add(name, raw, "must be a JSON list of strings or comma-separated values")
				return nil, false
			}
		} else if t != "" {
			items = strings.Split(t, ",")
		}
	default:
		ps.Add(name, raw, "must be a list of strings")
		return nil, false
	}
	out := make([]*string, 0, len(items))
	for _, it := range items {
		if s := strings.TrimSpace(it); s != "" {
			out = append(out, jsii.String(s))
		}
	}
	return &out, true
}

// groupJSON is the context form of a group.
type groupJSON struct {
	Name       *string    `json:"name"`
	Precedence *float64   `json:"precedence"`
	Rules      []ruleJSON `json:"rules"`
}

type ruleJSON struct {
	Path        *string  `json:"path"`
	Permissions []string `json:"permissions"`
}

// parseGroups accepts the groups as JSON (a string from -c, or the list
// cdk.json holds), refusing unknown fields so a typo is not silently ignored.
func parseGroups(ps *check.Problems, name string, raw any) (any, bool) {
	text, ok := raw.(string)
	if !ok {
		b, err := json.Marshal(raw)
		if err != nil {
			ps.Add(name, raw, "must be a JSON list of groups")
			return nil, false
		}
		text = string(b)
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	var list []groupJSON
	if err := dec.Decode(&list); err != nil {
		ps.Add(name, raw, `must be a JSON list of {"name", "precedence", "rules": [{"path", "permissions"}]} (`+err.Error()+")")
		return nil, false
	}
	out := make([]*folders.Group, 0, len(list))
	for _, g := range list {
		group := &folders.Group{Name: g.Name, Precedence: g.Precedence, Rules: &[]*folders.Rule{}}
		for _, r := range g.Rules {
			*group.Rules = append(*group.Rules, &folders.Rule{Path: r.Path, Permissions: jsii.Strings(r.Permissions...)})
		}
		out = append(out, group)
	}
	return &out, true
}

// reportUnknown flags context keys that look like ours but are not: plain
// camelCase words (feature flags and the CDK's own keys hold ":" or "/").
func reportUnknown(ps *check.Problems, ctx map[string]any) {
	known := map[string]bool{}
	for _, k := range Keys {
		known[k.Name] = true
	}
	var unknown []string
	for name := range ctx {
		if !known[name] && !strings.ContainsAny(name, ":/@") {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		rule := "is not a setting of this app (see the README's configuration table)"
		if s := suggest(name); s != "" {
			rule = fmt.Sprintf("is not a setting of this app; did you mean %q?", s)
		}
		ps.Add(name, ctx[name], rule)
	}
}

// suggest returns the known key closest to name, if it is close enough to
// be a typo.
func suggest(name string) string {
	best, bestDist := "", 4
	lower := strings.ToLower(name)
	for _, k := range Keys {
		key := strings.ToLower(k.Name)
		d := distance(lower, key)
		if len(lower) >= 3 && (strings.HasPrefix(lower, key) || strings.HasPrefix(key, lower)) {
			d = min(d, 3) // "mfaMode" for "mfa", "owner" for "ownerPrefix"
		}
		if d < bestDist {
			best, bestDist = k.Name, d
		}
	}
	return best
}

// distance is the Levenshtein edit distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
