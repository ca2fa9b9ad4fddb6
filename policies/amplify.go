package policies

import "strings"

// AmplifyEntityToken is how Amplify's client configuration (the `paths` of
// amplify_outputs.json) names the owner's folder: the identity id's policy
// variable, which Amplify JS replaces with the caller's identity id
// (defineStorage's "{entity_id}" is written this way in the file).
const AmplifyEntityToken = IdentityIDVariable

// AmplifyPaths describes rules as the `storage.buckets[].paths` map of
// Amplify's client configuration (schema 1.4): each path ("private/${cognito-identity.amazonaws.com:sub}/*")
// maps who ("entityidentity", "authenticated", "guest", "groups<name>") to
// what ("get", "list", "write", "delete"). It is derived from the same
// rules as the IAM statements, so the two cannot disagree.
//
// Amplify names an owner's folder by its identity id only: in the
// userPoolSub owner-key mode (ownerIsIdentity false) the owner entries are
// left out, since no Amplify path can express them.
func AmplifyPaths(rules []Rule, ownerIsIdentity bool) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	add := func(path, who string, perms []Permission) {
		if len(perms) == 0 {
			return
		}
		if out[path] == nil {
			out[path] = map[string][]string{}
		}
		for _, p := range perms {
			out[path][who] = appendUnique(out[path][who], string(p))
		}
	}
	for _, r := range rules {
		path := r.Path + "*"
		if r.HasOwner() {
			path = r.Base() + AmplifyEntityToken + "/*"
			if ownerIsIdentity {
				add(path, "entityidentity", r.Owner)
			}
		}
		add(path, "authenticated", r.Authenticated)
		add(path, "guest", r.Guest)
		for g, perms := range r.Groups {
			add(path, "groups"+g, perms)
		}
	}
	for path, who := range out {
		if len(who) == 0 {
			delete(out, path)
		}
	}
	return out
}

// AmplifyPrincipal maps a `paths` access key back to the principal whose
// IAM statements must grant it, and whether the grant is in the caller's own
// folder ("entityidentity").
func AmplifyPrincipal(who string) (p Principal, own bool) {
	switch {
	case who == "entityidentity":
		return Authenticated, true
	case who == "authenticated":
		return Authenticated, false
	case who == "guest":
		return Guest, false
	case strings.HasPrefix(who, "groups"):
		return GroupPrincipal(strings.TrimPrefix(who, "groups")), false
	}
	return Principal{}, false
}
