// Package urls validates the URLs and origins users configure: callback and
// logout URLs for managed login, and the origins allowed to call the data
// bucket from a browser. Pure Go, no jsii.
package urls

import (
	"net"
	"net/url"
	"strings"

	"github.com/privatefolders/privatefolders/check"
)

// IsLoopback reports whether host names this machine (localhost or a
// loopback address), the only place plain http is acceptable.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckRedirect adds a problem to ps unless u is an absolute https URL (or
// http on a loopback host) with no fragment and no wildcard, as Cognito
// requires of callback and logout URLs. Unresolved tokens are skipped.
func CheckRedirect(ps *check.Problems, field, u string) {
	if check.IsToken(u) {
		return
	}
	parsed, err := url.Parse(u)
	switch {
	case err != nil || parsed.Host == "" || (parsed.Scheme != "https" && parsed.Scheme != "http"):
		ps.Add(field, u, "must be an absolute http(s) URL such as https://app.example.com/")
	case parsed.Scheme == "http" && !IsLoopback(parsed.Hostname()):
		ps.Add(field, u, "must use https (plain http only for localhost)")
	case parsed.Fragment != "" || strings.Contains(u, "#"):
		ps.Add(field, u, "must not contain a fragment (#)")
	case strings.Contains(u, "*"):
		ps.Add(field, u, "must not contain a wildcard (*)")
	}
}

// CheckOrigin adds a problem to ps unless o is a browser origin:
// scheme://host[:port] with no path, query or wildcard, https except on a
// loopback host. Unresolved tokens are skipped.
func CheckOrigin(ps *check.Problems, field, o string) {
	if check.IsToken(o) {
		return
	}
	if strings.Contains(o, "*") {
		ps.Add(field, o, "must not contain a wildcard (*): list each origin")
		return
	}
	parsed, err := url.Parse(o)
	switch {
	case err != nil || parsed.Host == "" || (parsed.Scheme != "https" && parsed.Scheme != "http"):
		ps.Add(field, o, "must be an origin such as https://app.example.com or http://localhost:5173")
	case parsed.Path != "" || parsed.RawQuery != "" || parsed.Fragment != "" || parsed.User != nil:
		ps.Add(field, o, "must be an origin only: scheme://host[:port], no path, query or user")
	case parsed.Scheme == "http" && !IsLoopback(parsed.Hostname()):
		ps.Add(field, o, "must use https (plain http only for localhost)")
	}
}

// Origin returns the origin (scheme://host[:port]) of an absolute URL, or ""
// when u is not one.
func Origin(u string) string {
	parsed, err := url.Parse(u)
	if err != nil || parsed.Host == "" {
		return ""
	}
	return parsed.Scheme + "://" + parsed.Host
}
