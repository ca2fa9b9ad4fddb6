package policies

import (
	"sort"
	"strings"
)

// Permission is one thing a principal may do under a path.
type Permission string

// The permissions, each a fixed set of S3 actions (see Actions).
const (
	// Get reads objects (and HEADs them, and presigns downloads).
	Get Permission = "get"
	// List lists keys under the path, and only under it.
	List Permission = "list"
	// Write creates and overwrites objects, including multipart uploads.
	Write Permission = "write"
	// Delete deletes the current version of objects (never a version).
	Delete Permission = "delete"
)

// AllPermissions is what an owner has in its own folder.
var AllPermissions = []Permission{Get, List, Write, Delete}

// ReadPermissions is read-only access.
var ReadPermissions = []Permission{Get, List}

// objectActions maps each object permission to its S3 actions. List is a
// bucket-level action and handled apart.
var objectActions = map[Permission][]string{
	Get:    {"s3:GetObject"},
	Write:  {"s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"},
	Delete: {"s3:DeleteObject"},
}

// OwnerToken stands for the owner's key in a path, as in
// "private/{owner}/". It must be the last folder of the path.
const OwnerToken = "{owner}"

// Rule says who may do what under one path of the data bucket. The path is
// a prefix ending in "/", with at most one {owner} as its last folder; for
// everyone but the owner, {owner} matches any owner's folder.
type Rule struct {
	// Path is the prefix the rule covers, such as "private/{owner}/" or "public/".
	Path string
	// Owner is what the identity whose key fills {owner} may do; only for paths with {owner}.
	Owner []Permission
	// Authenticated is what every signed-in identity may do.
	Authenticated []Permission
	// Guest is what unauthenticated (guest) identities may do.
	Guest []Permission
	// Groups is what members of each user-pool group may do, by group name.
	Groups map[string][]Permission
}

// HasOwner reports whether the path holds the {owner} folder.
func (r Rule) HasOwner() bool { return strings.HasSuffix(r.Path, OwnerToken+"/") }

// Base is the path up to {owner}: "private/" for "private/{owner}/".
func (r Rule) Base() string { return strings.TrimSuffix(r.Path, OwnerToken+"/") }

// Principal names who a set of statements is for.
type Principal struct {
	// Kind is "authenticated", "guest" or "group".
	Kind string
	// Group is the group's name when Kind is "group".
	Group string
}

// The principals every configuration has.
var (
	Authenticated = Principal{Kind: "authenticated"}
	Guest         = Principal{Kind: "guest"}
)

// GroupPrincipal is the principal of one user-pool group.
func GroupPrincipal(name string) Principal { return Principal{Kind: "group", Group: name} }

// grant is one permission set on one concrete path pattern.
type grant struct {
	path  string // with the owner variable substituted, or "*" for any owner
	perms []Permission
	own   bool // the caller's own folder: its owner also reaches old versions
}

// grantsFor lists what principal p gets from rules; ownerVar is the IAM
// policy variable that names the caller's own folder. Authenticated
// identities (and group members, who are authenticated too) get the owner
// permissions in their own folder.
func grantsFor(rules []Rule, p Principal, ownerVar string) []grant {
	var out []grant
	for _, r := range rules {
		any := r.Base() + "*/"
		if !r.HasOwner() {
			any = r.Path
		}
		switch p.Kind {
		case "authenticated":
			if r.HasOwner() && len(r.Owner) > 0 {
				out = append(out, grant{r.Base() + ownerVar + "/", r.Owner, true})
			}
			if len(r.Authenticated) > 0 {
				out = append(out, grant{path: any, perms: r.Authenticated})
			}
		case "guest":
			if len(r.Guest) > 0 {
				out = append(out, grant{path: any, perms: r.Guest})
			}
		case "group":
			if perms := r.Groups[p.Group]; len(perms) > 0 {
				out = append(out, grant{path: any, perms: perms})
			}
		}
	}
	return out
}

// OwnerVersionActions are what an owner may do with the old versions and
// delete markers in its own folders, and only there: read a version
// (download it, or CopyObject from it to restore it as a new current
// version) and list versions with an s3:prefix inside the folder, exactly
// as s3:ListBucket. Never s3:DeleteObjectVersion: nothing a user does can
// destroy a version, so every delete and overwrite stays restorable.
var OwnerVersionActions = []string{"s3:GetObjectVersion", "s3:ListBucketVersions"}

// Statements renders what principal p may do in the bucket bucketArn under
// rules, minimised: one statement per set of object actions (with every
// path that set applies to), one s3:ListBucket statement whose s3:prefix
// condition lists every path p may list, and for the caller's own folders
// one s3:GetObjectVersion and one s3:ListBucketVersions statement (see
// OwnerVersionActions). ownerVar is the policy variable naming the
// caller's folder (IdentityIDVariable or a principal tag).
func Statements(bucketArn string, rules []Rule, p Principal, ownerVar string) []Statement {
	grants := grantsFor(rules, p, ownerVar)
	resources := map[string][]string{} // by object permission set, such as "GetWriteDelete"
	var listPrefixes, versionResources, versionPrefixes []string
	for _, g := range grants {
		if name := objectPermissionsName(g.perms); name != "" {
			resources[name] = appendUnique(resources[name], bucketArn+"/"+g.path+"*")
		}
		if contains(g.perms, List) {
			listPrefixes = appendUnique(listPrefixes, g.path, g.path+"*")
		}
		if g.own && contains(g.perms, Get) {
			versionResources = appendUnique(versionResources, bucketArn+"/"+g.path+"*")
		}
		if g.own && contains(g.perms, List) {
			versionPrefixes = appendUnique(versionPrefixes, g.path, g.path+"*")
		}
	}
	names := make([]string, 0, len(resources))
	for n := range resources {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []Statement
	for _, n := range names {
		out = append(out, Statement{
			Sid:       "Objects" + n,
			Actions:   objectActionsOf(permissionsNamed(n)),
			Resources: resources[n],
		})
	}
	out = appendList(out, "ListFolders", OwnerListActions, bucketArn, listPrefixes)
	if len(versionResources) > 0 {
		out = append(out, Statement{Sid: "ReadOwnVersions", Actions: OwnerVersionActions[:1], Resources: versionResources})
	}
	return appendList(out, "ListOwnVersions", OwnerVersionActions[1:], bucketArn, versionPrefixes)
}

// appendList adds a statement granting the bucket-level listing actions
// only with an s3:prefix matching one of prefixes (none: no statement).
func appendList(out []Statement, sid string, actions []string, bucketArn string, prefixes []string) []Statement {
	if len(prefixes) == 0 {
		return out
	}
	return append(out, Statement{
		Sid:        sid,
		Actions:    actions,
		Resources:  []string{bucketArn},
		Conditions: map[string]map[string][]string{"StringLike": {"s3:prefix": prefixes}},
	})
}

// objectOrder is the order permissions take in a statement's name.
var objectOrder = []Permission{Get, Write, Delete}

// objectPermissionsName names the object permissions in perms, such as
// "GetWriteDelete", or "" when there are none.
func objectPermissionsName(perms []Permission) string {
	name := ""
	for _, p := range objectOrder {
		if contains(perms, p) {
			name += strings.ToUpper(string(p[:1])) + string(p[1:])
		}
	}
	return name
}

// permissionsNamed is the inverse of objectPermissionsName.
func permissionsNamed(name string) []Permission {
	var perms []Permission
	for _, p := range objectOrder {
		if strings.Contains(name, strings.ToUpper(string(p[:1]))+string(p[1:])) {
			perms = append(perms, p)
		}
	}
	return perms
}

func objectActionsOf(perms []Permission) []string {
	var actions []string
	for _, p := range perms {
		actions = append(actions, objectActions[p]...)
	}
	sort.Strings(actions)
	return actions
}

func contains(perms []Permission, p Permission) bool {
	for _, x := range perms {
		if x == p {
			return true
		}
	}
	return false
}

func appendUnique(list []string, items ...string) []string {
	for _, it := range items {
		found := false
		for _, x := range list {
			if x == it {
				found = true
				break
			}
		}
		if !found {
			list = append(list, it)
		}
	}
	return list
}
