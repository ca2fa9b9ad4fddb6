package share

import (
	"context"
	"fmt"
	"strings"
)

// caller is the signed-in user making a request, as the server works it out.
type caller struct {
	owner  string // identity id or sub
	folder string // Prefix + owner + "/"
	email  string // lowercase; empty unless the token says it is verified
}

// caller authenticates an owner route. The folder comes from the identity
// pool (GetId with the caller's own ID token) or from the verified token's
// claim, never from anything else the client sends.
func (h *Handler) caller(ctx context.Context, r Request) (caller, error) {
	c, err := h.signedIn(r)
	if err != nil {
		return caller{}, err
	}
	if h.cfg.OwnerKey == "userPoolSub" {
		c.owner = r.Claims[h.cfg.OwnerClaim]
	} else {
		id, err := h.identities.GetID(ctx, r.bearer())
		if err != nil {
			return caller{}, fmt.Errorf("GetId: %w", err)
		}
		c.owner = id
	}
	if !validOwner(c.owner) {
		return caller{}, errUnauthorized
	}
	c.folder = h.cfg.Prefix + c.owner + "/"
	return c, nil
}

// signedIn checks that the JWT authorizer passed an ID token (an access
// token of the same client passes API Gateway's audience check through its
// client_id claim, but cannot be exchanged by GetId) and reads its verified
// email.
func (h *Handler) signedIn(r Request) (caller, error) {
	if r.Claims == nil || r.Claims["sub"] == "" || r.Claims["token_use"] != "id" || r.bearer() == "" {
		return caller{}, errUnauthorized
	}
	var c caller
	if r.Claims["email_verified"] == "true" {
		c.email = normalEmail(r.Claims["email"])
	}
	return c, nil
}

// validOwner refuses an owner key that could not be one folder.
func validOwner(s string) bool {
	return s != "" && len(s) <= 128 && !strings.ContainsAny(s, "/\\") && s != "." && s != ".."
}

func normalEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
