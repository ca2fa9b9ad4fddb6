package main

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"
)

// authorizer does what API Gateway's JWT authorizer does for an HTTP API:
// it takes the bearer token, checks its RS256 signature against the
// issuer's JWKS (fetched again for an unknown key id), its iss, its aud or
// client_id against the audience, and exp/nbf/iat; then passes the claims
// on as strings.
type authorizer struct {
	issuer, audience, jwksURL string
	client                    *http.Client
	now                       func() time.Time

	mu   sync.Mutex
	keys map[string]*rsa.PublicKey
}

type jwk struct {
	Kid, Kty, Alg, N, E string
}

func (a *authorizer) key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if k, ok := a.keys[kid]; ok {
		return k, nil
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, a.jwksURL, nil)
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var set struct{ Keys []jwk }
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
		return nil, fmt.Errorf("reading %s: %w", a.jwksURL, err)
	}
	a.keys = map[string]*rsa.PublicKey{}
	for _, k := range set.Keys {
		n, err1 := base64.RawURLEncoding.DecodeString(k.N)
		e, err2 := base64.RawURLEncoding.DecodeString(k.E)
		if k.Kty != "RSA" || err1 != nil || err2 != nil {
			continue
		}
		a.keys[k.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	}
	if k, ok := a.keys[kid]; ok {
		return k, nil
	}
	return nil, errors.New("no key with the token's kid")
}

// verify returns the token's claims as API Gateway passes them to the
// function (requestContext.authorizer.jwt.claims), or why it is refused.
func (a *authorizer) verify(ctx context.Context, token string) (map[string]string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("the token is not a JWT")
	}
	var header struct{ Alg, Kid string }
	if err := decodeSegment(parts[0], &header); err != nil || header.Alg != "RS256" {
		return nil, errors.New("the token's header is not RS256")
	}
	key, err := a.key(ctx, header.Kid)
	if err != nil {
		return nil, err
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, errors.New("the token's signature is not base64url")
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig) != nil {
		return nil, errors.New("the token's signature is invalid")
	}
	var claims map[string]any
	if err := decodeSegment(parts[1], &claims); err != nil {
		return nil, errors.New("the token's claims are not JSON")
	}
	if err := a.checkClaims(claims); err != nil {
		return nil, err
	}
	return stringClaims(claims), nil
}

func (a *authorizer) checkClaims(c map[string]any) error {
	now := a.now().Unix()
	num := func(k string) (int64, bool) {
		v, ok := c[k].(json.Number)
		if !ok {
			return 0, false
		}
		n, err := v.Int64()
		return n, err == nil
	}
	if c["iss"] != a.issuer {
		return errors.New("the token's issuer is not the user pool")
	}
	if !hasAudience(c["aud"], a.audience) && c["client_id"] != a.audience {
		return errors.New("the token's audience is not the app client")
	}
	if exp, ok := num("exp"); !ok || exp <= now {
		return errors.New("the token has expired")
	}
	if nbf, ok := num("nbf"); ok && nbf > now {
		return errors.New("the token is not valid yet")
	}
	if iat, ok := num("iat"); ok && iat > now+60 {
		return errors.New("the token was issued in the future")
	}
	return nil
}

func hasAudience(aud any, want string) bool {
	switch v := aud.(type) {
	case string:
		return v == want
	case []any:
		for _, x := range v {
			if x == want {
				return true
			}
		}
	}
	return false
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.UseNumber()
	return d.Decode(v)
}

// stringClaims renders claims as API Gateway does: strings as they are,
// numbers and booleans in their JSON form, arrays as "[a b]".
func stringClaims(c map[string]any) map[string]string {
	out := make(map[string]string, len(c))
	for k, v := range c {
		switch x := v.(type) {
		case string:
			out[k] = x
		case []any:
			s := make([]string, len(x))
			for i, e := range x {
				s[i] = fmt.Sprint(e)
			}
			out[k] = "[" + strings.Join(s, " ") + "]"
		default:
			out[k] = fmt.Sprint(x)
		}
	}
	return out
}
