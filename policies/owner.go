package policies

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/privatefolders/privatefolders/check"
)

// IdentityIDVariable is the IAM policy variable that holds the caller's
// Cognito identity id (for example "eu-west-1:0f1e...") in requests signed
// with identity-pool credentials.
const IdentityIDVariable = "${cognito-identity.amazonaws.com:sub}"

// DefaultOwnerPrefix is the folder under which every identity gets its own
// folder: "private/<identity id>/".
const DefaultOwnerPrefix = "private/"

// OwnerObjectActions are what an identity may do with objects in its own
// folder: read, write, delete the current version, and the multipart upload
// steps a browser needs for large files. Version deletes, ACL and tagging
// writes are deliberately absent; reading and listing old versions are
// OwnerVersionActions.
var OwnerObjectActions = []string{
	"s3:AbortMultipartUpload",
	"s3:DeleteObject",
	"s3:GetObject",
	"s3:ListMultipartUploadParts",
	"s3:PutObject",
}

// OwnerListActions are the bucket-level actions an identity may use, and only
// with an s3:prefix inside its own folder.
var OwnerListActions = []string{"s3:ListBucket"}

// OwnerFolder is the key prefix of one identity's folder, with the identity
// id left as the IAM policy variable: "<prefix>${cognito-identity.amazonaws.com:sub}/".
func OwnerFolder(prefix string) string {
	return prefix + IdentityIDVariable + "/"
}

// OwnerStatements grants each identity read, write, delete and list inside
// "<prefix><identity id>/" of the bucket whose ARN is bucketArn, and reading
// and listing the old versions there, and nothing else: no listing of
// prefix itself or of the bucket root (their common prefixes would show
// every user's id), no version deletes, no ACL writes.
// It is the private level alone (see Levels and Statements).
//
// bucketArn may be an unresolved CDK token; it is only concatenated.
func OwnerStatements(bucketArn, prefix string) []Statement {
	return Statements(bucketArn, Levels{Private: prefix}.Rules(), Authenticated, IdentityIDVariable)
}

// segment is one folder name in a prefix: S3's safe characters only, so that
// a prefix can never hold a wildcard, a policy variable or a character that
// needs escaping in a policy.
var segment = regexp.MustCompile(`^[A-Za-z0-9!_.'()-]+$`)

// maxPrefixLen leaves room in S3's 1,024-byte key limit for the identity id
// (at most 55 characters) and the user's own file names.
const maxPrefixLen = 128

// ValidatePrefix checks a folder prefix such as "private/": one or more
// folder names of S3's safe characters (letters, digits, ! _ . ' ( ) -),
// each followed by "/", no leading "/", no empty, "." or ".." folder, no
// wildcard, at most 128 characters. field names the setting in the message.
func ValidatePrefix(field, prefix string) error {
	var ps check.Problems
	if check.IsToken(prefix) {
		ps.Add(field, prefix, "must be a literal string, not a deploy-time value")
		return ps.Err()
	}
	for _, rule := range prefixRules {
		if broken := rule.broken(prefix); broken {
			ps.Add(field, prefix, rule.text)
		}
	}
	return ps.Err()
}

type prefixRule struct {
	text   string
	broken func(string) bool
}

var prefixRules = []prefixRule{
	{"must not be empty", func(p string) bool { return p == "" }},
	{"must not start with \"/\"", func(p string) bool { return strings.HasPrefix(p, "/") }},
	{"must end with \"/\"", func(p string) bool { return p != "" && !strings.HasSuffix(p, "/") }},
	{"must not contain \"//\"", func(p string) bool { return strings.Contains(p, "//") }},
	{"must not contain \"*\" or \"?\"", func(p string) bool { return strings.ContainsAny(p, "*?") }},
	{fmt.Sprintf("must be at most %d characters", maxPrefixLen), func(p string) bool { return len(p) > maxPrefixLen }},
	{"each folder name must be letters, digits or ! _ . ' ( ) - and not \".\" or \"..\"", badSegments},
}

func badSegments(p string) bool {
	for _, s := range strings.Split(strings.Trim(p, "/"), "/") {
		if s == "" || strings.ContainsAny(s, "*?") {
			continue // reported by the leading-slash, empty, "//" and wildcard rules
		}
		if s == "." || s == ".." || !segment.MatchString(s) {
			return true
		}
	}
	return false
}
