package urls

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/privatefolders/privatefolders/check"
)

func problems(f func(*check.Problems)) error {
	var ps check.Problems
	f(&ps)
	return ps.Err()
}

func TestCheckRedirect(t *testing.T) {
	for _, ok := range []string{"https://app.example.com/", "http://localhost:5173/", "http://127.0.0.1:8080/cb", "${Token[TOKEN.1]}/"} {
		assert.NoError(t, problems(func(ps *check.Problems) { CheckRedirect(ps, "callbackUrls", ok) }), ok)
	}
	cases := map[string]string{
		"fails when not absolute":              "app.example.com/",
		"fails when http on a public host":     "http://app.example.com/",
		"fails when it has a fragment":         "https://app.example.com/#x",
		"fails when it has a wildcard":         "https://*.example.com/",
		"fails when the scheme is not http(s)": "ftp://example.com/",
	}
	for name, bad := range cases {
		t.Run(name, func(t *testing.T) {
			err := problems(func(ps *check.Problems) { CheckRedirect(ps, "callbackUrls", bad) })
			assert.ErrorContains(t, err, "callbackUrls: ")
			assert.ErrorContains(t, err, bad)
		})
	}
}

func TestCheckOrigin(t *testing.T) {
	for _, ok := range []string{"https://app.example.com", "http://localhost:5173", "https://x.example.com:8443"} {
		assert.NoError(t, problems(func(ps *check.Problems) { CheckOrigin(ps, "corsOrigins", ok) }), ok)
	}
	cases := map[string]string{
		"fails when it is *":                "*",
		"fails when it has a wildcard host": "https://*.example.com",
		"fails when it has a path":          "https://app.example.com/",
		"fails when http on a public host":  "http://app.example.com",
		"fails when it is not a URL":        "app.example.com",
	}
	for name, bad := range cases {
		t.Run(name, func(t *testing.T) {
			err := problems(func(ps *check.Problems) { CheckOrigin(ps, "corsOrigins", bad) })
			assert.ErrorContains(t, err, "corsOrigins: ")
		})
	}
}

func TestOrigin(t *testing.T) {
	assert.Equal(t, "http://localhost:5173", Origin("http://localhost:5173/callback"))
	assert.Equal(t, "", Origin("not a url"))
}
