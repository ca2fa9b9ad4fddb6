// Package config turns the app's context (cdk.json "context" and
// `cdk synth -c key=value`) into stack props, and reports every bad or
// unknown key at once. Each key is one entry of Settings, the registry
// from which parsing, defaults, problem names and the README's
// configuration table all come. It is pure Go: nothing here starts the CDK.
package config

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/constructs/folders"
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

	stackName *string
}

var (
	stackNameRule = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,127}$`)
	accountRule   = regexp.MustCompile(`^\d{12}$`)
	regionRule    = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d$`)
)

// newApp is the app with every setting unset.
func newApp() *App {
	return &App{Props: &stacks.Props{Folders: &folders.Props{}}}
}

// Parse reads the context values (keys as cdk.json or -c give them) into
// the app's stack name and props, then validates every setting. It returns
// every problem at once as a *check.Error, each naming its context key.
func Parse(ctx map[string]any) (*App, error) {
	a := newApp()
	var ps check.Problems
	for _, s := range Settings {
		if raw, ok := ctx[s.Key]; ok && raw != nil {
			s.apply(&ps, a, raw)
		}
	}
	a.StackName = *StackNameRule.Or(a.stackName)
	a.Props.WebDir = WebDirRule.Or(a.Props.WebDir)
	reportUnknown(&ps, ctx)
	checkEnvironment(&ps, a)
	// Keys of the wrong type were left unset above, so every other key's
	// rules are still checked and all problems come at once. The props name
	// problems by prop ("Storage.BucketName"); the user wrote keys.
	ps.MergeRenamed(a.Props.Validate(), KeyOf)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return a, nil
}

// apply parses raw into the setting's prop, or adds why it cannot.
func (s Setting) apply(ps *check.Problems, a *App, raw any) {
	shown := raw
	if s.Value.secret() {
		shown = "(not shown)" // JSON may hold a secret by mistake
	}
	if holdsToken(raw) {
		ps.Add(s.Key, shown, tokenRule)
		return
	}
	if rule := s.Value.set(a, raw); rule != "" {
		ps.Add(s.Key, shown, rule)
	}
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
		if waf := a.site().Waf; waf != nil && *waf && e.Region != nil && *e.Region != "us-east-1" {
			ps.Add("waf", true, "needs region us-east-1, where CloudFront web ACLs live (received region "+*e.Region+"); use wafWebAclArn to attach one made there")
		}
	}
}

// reportUnknown flags context keys that look like ours but are not: plain
// camelCase words (feature flags and the CDK's own keys hold ":" or "/").
func reportUnknown(ps *check.Problems, ctx map[string]any) {
	known := map[string]bool{}
	for _, s := range Settings {
		known[s.Key] = true
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
	for _, s := range Settings {
		key := strings.ToLower(s.Key)
		d := distance(lower, key)
		if len(lower) >= 3 && (strings.HasPrefix(lower, key) || strings.HasPrefix(key, lower)) {
			d = min(d, 3) // "mfaMode" for "mfa", "owner" for "ownerPrefix"
		}
		if d < bestDist {
			best, bestDist = s.Key, d
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
