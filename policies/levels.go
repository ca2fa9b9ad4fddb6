package policies

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/privatefolders/privatefolders/check"
)

// OwnerTagKey is the principal tag that holds the user pool "sub" of the
// caller in the UserPoolSub owner-key mode.
const OwnerTagKey = "owner"

// PrincipalTagVariable is the IAM policy variable of OwnerTagKey.
const PrincipalTagVariable = "${aws:PrincipalTag/" + OwnerTagKey + "}"

// Owner-key modes: what names each user's folder.
const (
	// OwnerKeyIdentityID names folders by the identity pool's identity id.
	OwnerKeyIdentityID = "identityId"
	// OwnerKeyUserPoolSub names folders by the user pool's "sub", carried
	// into the session as a principal tag, so a backend can find a user's
	// folder from the user pool alone.
	OwnerKeyUserPoolSub = "userPoolSub"
)

// OwnerKeyRule is what an owner-key prop accepts and its default: the one
// rule of auth's and storage's OwnerKey, which must agree.
var OwnerKeyRule = check.Choice{Allowed: []string{OwnerKeyIdentityID, OwnerKeyUserPoolSub}, Default: OwnerKeyIdentityID}

// OwnerVariable is the policy variable naming the caller's folder in an owner-key mode.
func OwnerVariable(ownerKey string) string {
	if ownerKey == OwnerKeyUserPoolSub {
		return PrincipalTagVariable
	}
	return IdentityIDVariable
}

// GroupRule gives the members of a user-pool group permissions under a path.
type GroupRule struct {
	// Group is the user-pool group's name.
	Group string
	// Path is a prefix such as "private/" (every owner's folder) or "reports/".
	Path string
	// Permissions are what the members may do there.
	Permissions []Permission
}

// Levels are the access levels of the data bucket.
type Levels struct {
	// Private is the prefix of the owners' private folders, "<prefix><owner>/"; always on.
	Private string
	// Protected, when set, is the prefix of folders their owner reads and
	// writes and every signed-in user may read and list.
	Protected string
	// Public, when set, is a prefix every signed-in user may read and list.
	Public string
	// PublicWrite lets every signed-in user also write and delete under Public.
	PublicWrite bool
	// Guests lets guest (unauthenticated) identities read and list Public.
	Guests bool
	// Groups are extra permissions for members of user-pool groups.
	Groups []GroupRule
}

// Rules are the levels as path rules, the one source of the IAM statements
// (and of anything else that describes the access, such as client configs).
func (l Levels) Rules() []Rule {
	rules := []Rule{{Path: l.Private + OwnerToken + "/", Owner: AllPermissions}}
	if l.Protected != "" {
		rules = append(rules, Rule{Path: l.Protected + OwnerToken + "/", Owner: AllPermissions, Authenticated: ReadPermissions})
	}
	if l.Public != "" {
		r := Rule{Path: l.Public, Authenticated: ReadPermissions}
		if l.PublicWrite {
			r.Authenticated = AllPermissions
		}
		if l.Guests {
			r.Guest = ReadPermissions
		}
		rules = append(rules, r)
	}
	for _, g := range l.Groups {
		rules = append(rules, Rule{Path: g.Path, Groups: map[string][]Permission{g.Group: g.Permissions}})
	}
	return rules
}

// Validate reports every problem with the levels: each prefix is valid
// (see ValidatePrefix), no level's prefix contains another's (one level
// would then grant into the other, or list its folders), group rules name a
// group, a valid path other than the bucket root, and known permissions.
// Problems name the fields as storage.Props does (OwnerPrefix,
// ProtectedPrefix, PublicPrefix, PublicWrite, GroupRules.*), the props
// users write levels with.
func (l Levels) Validate() error {
	var ps check.Problems
	levels := []struct{ field, prefix string }{{"OwnerPrefix", l.Private}, {"ProtectedPrefix", l.Protected}, {"PublicPrefix", l.Public}}
	for i, a := range levels {
		if a.prefix == "" && i > 0 {
			continue
		}
		ps.Merge(ValidatePrefix(a.field, a.prefix))
		for _, b := range levels[i+1:] {
			if b.prefix != "" && a.prefix != "" && (strings.HasPrefix(a.prefix, b.prefix) || strings.HasPrefix(b.prefix, a.prefix)) {
				ps.Add(b.field, b.prefix, fmt.Sprintf("must not contain or be contained in %s %q: one level would reach into the other", a.field, a.prefix), a.field)
			}
		}
	}
	if l.PublicWrite && l.Public == "" {
		ps.Add("PublicWrite", true, "needs PublicPrefix: there is no public level to write to", "PublicPrefix")
	}
	for _, g := range l.Groups {
		validateGroupRule(&ps, g)
	}
	return ps.Err()
}

var groupNameRule = regexp.MustCompile(`^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$`)

// ValidateGroupName checks a user-pool group name: 1-128 printable
// characters without spaces, as Cognito requires.
func ValidateGroupName(ps *check.Problems, field, name string) {
	if !groupNameRule.MatchString(name) {
		ps.Add(field, name, "must be 1-128 characters without spaces")
	}
}

func validateGroupRule(ps *check.Problems, g GroupRule) {
	ValidateGroupName(ps, "GroupRules.Group", g.Group)
	if g.Path == "" {
		ps.Add("GroupRules.Path", g.Path, "must not be the bucket root: that would list every user's folder")
	} else {
		ps.Merge(ValidatePath("GroupRules.Path", g.Path))
	}
	if len(g.Permissions) == 0 {
		ps.Add("GroupRules.Permissions", "[]", "must name at least one of get, list, write, delete")
	}
	for _, p := range g.Permissions {
		if _, known := objectActions[p]; !known && p != List {
			ps.Add("GroupRules.Permissions", string(p), "must be one of get, list, write, delete")
		}
	}
}

// ValidatePath checks a rule path: a prefix (see ValidatePrefix) whose last
// folder may be {owner}, at most once.
func ValidatePath(field, path string) error {
	base := path
	if strings.HasSuffix(path, OwnerToken+"/") {
		base = strings.TrimSuffix(path, OwnerToken+"/")
		if base == "" {
			var ps check.Problems
			ps.Add(field, path, "needs a folder before {owner}: owners' folders must not sit at the bucket root")
			return ps.Err()
		}
	}
	if strings.Contains(base, OwnerToken) || strings.ContainsAny(base, "{}") {
		var ps check.Problems
		ps.Add(field, path, "may hold {owner} only once, as its last folder")
		return ps.Err()
	}
	return ValidatePrefix(field, base)
}

// ImmutableClaims are the id-token claims no user can change, the only
// ones that may name a folder.
var ImmutableClaims = []string{"sub", "cognito:username"}

// ValidateOwnerClaim refuses to key folders by a claim a user could change:
// an attribute the app client can write (writable) or any claim that is not
// known to be immutable. Keying folders by a writable attribute would let a
// user rename themselves into someone else's folder.
func ValidateOwnerClaim(field, claim string, writable []string) error {
	var ps check.Problems
	for _, w := range writable {
		if claim == w {
			ps.Add(field, claim, "must not be an attribute the app client can write: a user could take over another user's folder")
			return ps.Err()
		}
	}
	check.Choice{Allowed: ImmutableClaims, Why: "only an immutable claim may name a folder"}.Check(&ps, field, claim)
	return ps.Err()
}
