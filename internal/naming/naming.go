// Package naming derives the deterministic names the stack needs before any
// resource exists: the managed-login domain prefix and the data bucket name.
//
// Both are built only from the stack name and pseudo-parameters (account,
// region), so `cdk synth` needs no input and no AWS call, and other resources
// can name them as plain strings without a resource dependency (see the site
// construct's Content-Security-Policy).
package naming

import (
	"regexp"
	"strings"
)

// Words that Cognito refuses in a domain prefix. They are removed from the
// stack name before it is used in any derived name.
var reservedWords = []string{"amazon", "cognito", "aws"}

var nonAlnum = regexp.MustCompile(`[^a-z0-9]+`)

// Slug turns a stack name into at most maxLen lowercase letters, digits and
// single hyphens, without reserved words, starting and ending with a letter
// or digit. It returns "app" when nothing usable is left.
func Slug(name string, maxLen int) string {
	s := strings.ToLower(name)
	for _, w := range reservedWords {
		s = strings.ReplaceAll(s, w, "-")
	}
	s = nonAlnum.ReplaceAllString(s, "-")
	s = strings.Trim(s, "-")
	if len(s) > maxLen {
		s = strings.Trim(s[:maxLen], "-")
	}
	if s == "" {
		return "app"
	}
	return s
}

// slugLen keeps derived names within their limits: a domain prefix is at
// most 63 characters (slug + "-" + 12-digit account), a bucket name at most
// 63 (slug + "-data-" + account + "-" + a region of at most 14 characters).
const slugLen = 24

// DomainPrefix is the default managed-login domain prefix:
// "<stack slug>-<account>". Cognito prefixes are unique per region, and the
// account keeps two accounts' stacks of the same name apart.
func DomainPrefix(stackName, account string) string {
	return Slug(stackName, slugLen) + "-" + account
}

// DataBucketName is the default data bucket name:
// "<stack slug>-data-<account>-<region>", unique worldwide as S3 requires.
func DataBucketName(stackName, account, region string) string {
	return Slug(stackName, slugLen) + "-data-" + account + "-" + region
}

// ConstructID turns a user-given name (a group's or an identity
// provider's) into the part of a construct id that names it. The constructs
// library rewrites "/" in an id to "--", so the names "a/b" and "a--b" would
// collide; "/" becomes a space instead, which those names cannot hold, so
// distinct names keep distinct ids. A name without "/" is its own id, which
// keeps the logical ids of existing groups and providers.
func ConstructID(name string) string {
	return strings.ReplaceAll(name, "/", " ")
}
