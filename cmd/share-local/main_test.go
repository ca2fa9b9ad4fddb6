package main

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/privatefolders/privatefolders/share"
)

type signer struct {
	kid string
	key *rsa.PrivateKey
}

func (s signer) sign(t *testing.T, header, claims map[string]any) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	input := enc(header) + "." + enc(claims)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func newKey(t *testing.T, kid string) signer {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return signer{kid, k}
}

func jwksServer(keys ...signer) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		var set []map[string]string
		for _, k := range keys {
			set = append(set, map[string]string{"kid": k.kid, "kty": "RSA", "alg": "RS256", "use": "sig",
				"n": base64.RawURLEncoding.EncodeToString(k.key.N.Bytes()),
				"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.key.E)).Bytes())})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": set})
	}))
}

func TestAuthorizer(t *testing.T) {
	good, other := newKey(t, "k1"), newKey(t, "k2")
	srv := jwksServer(good)
	defer srv.Close()
	now := time.Unix(1_800_000_000, 0)
	a := &authorizer{issuer: "https://idp/pool", audience: "client", jwksURL: srv.URL, client: srv.Client(), now: func() time.Time { return now }}
	base := func() map[string]any {
		return map[string]any{"iss": "https://idp/pool", "aud": "client", "sub": "s", "exp": now.Unix() + 60, "iat": now.Unix(),
			"email_verified": true, "token_use": "id", "cognito:groups": []string{"a", "b"}}
	}
	hdr := map[string]any{"alg": "RS256", "kid": "k1"}
	with := func(k string, v any) map[string]any { c := base(); c[k] = v; return c }
	for _, tc := range []struct {
		name  string
		token string
		ok    bool
	}{
		{"a valid ID token", good.sign(t, hdr, base()), true},
		{"an access token of the client (client_id, no aud)", good.sign(t, hdr, func() map[string]any { c := base(); delete(c, "aud"); c["client_id"] = "client"; return c }()), true},
		{"fails when another key signed it", other.sign(t, map[string]any{"alg": "RS256", "kid": "k1"}, base()), false},
		{"fails when the kid is unknown", other.sign(t, map[string]any{"alg": "RS256", "kid": "k2"}, base()), false},
		{"fails when the alg is none", strings.Join(strings.Split(good.sign(t, map[string]any{"alg": "none", "kid": "k1"}, base()), ".")[:2], ".") + ".", false},
		{"fails when the issuer differs", good.sign(t, hdr, with("iss", "https://idp/other")), false},
		{"fails when the audience differs", good.sign(t, hdr, with("aud", "other")), false},
		{"fails when expired", good.sign(t, hdr, with("exp", now.Unix())), false},
		{"fails when not valid yet", good.sign(t, hdr, with("nbf", now.Unix()+60)), false},
		{"fails when not a JWT", "abc", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			claims, err := a.verify(context.Background(), tc.token)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v", err)
			}
			if tc.ok && (claims["email_verified"] != "true" || claims["cognito:groups"] != "[a b]" || claims["exp"] != "1800000060") {
				t.Fatalf("claims as API Gateway passes them: %v", claims)
			}
		})
	}
}

func TestRoutes(t *testing.T) {
	for _, tc := range []struct {
		method, path, route string
	}{
		{"GET", "/api/drops/abc", "GET /api/drops/{id}"},
		{"POST", "/api/drops/abc/uploads", "POST /api/drops/{id}/uploads"},
		{"POST", "/api/drops/abc/signed-in-uploads", "ANY /api/{proxy+}"},
		{"GET", "/api/drops/abc/uploads", "ANY /api/{proxy+}"},
		{"GET", "/api/shares", "ANY /api/{proxy+}"},
		{"DELETE", "/api/shares/x", "ANY /api/{proxy+}"},
		{"GET", "/s/abc", "ANY /s/{proxy+}"},
		{"GET", "/s/abc/d/e.txt", "ANY /s/{proxy+}"},
		{"GET", "/other", ""},
		{"GET", "/api", ""},
	} {
		r, ok := match(tc.method, tc.path)
		if r.Key != tc.route || ok != (tc.route != "") {
			t.Errorf("%s %s: got %q", tc.method, tc.path, r.Key)
		}
	}
}

func TestGatewayRefusesUnsignedOwnerRoutes(t *testing.T) {
	srv := jwksServer()
	defer srv.Close()
	g := &gateway{handler: share.New(share.Config{}, nil, nil, nil),
		auth: &authorizer{issuer: "https://idp/pool", audience: "client", jwksURL: srv.URL, client: srv.Client(), now: time.Now}}
	for path, want := range map[string]int{"/api/shares": 401, "/s/not-an-id": 404, "/nowhere": 404} {
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != want {
			t.Errorf("%s: want %d, got %d %s", path, want, rec.Code, rec.Body)
		}
		if want == 401 && (rec.Body.String() != `{"message":"Unauthorized"}` || rec.Header().Get("www-authenticate") == "") {
			t.Errorf("401 as API Gateway answers it: %s %v", rec.Body, rec.Header())
		}
	}
}
