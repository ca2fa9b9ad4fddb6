package site

import "strings"

// ContentSecurityPolicy is the policy the site serves: scripts, styles and
// everything else only from the site itself (no inline scripts or styles),
// network calls only to the site and connectSources, no framing, no plugins.
func ContentSecurityPolicy(connectSources []string) string {
	connect := append([]string{"'self'"}, connectSources...)
	directives := []string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src 'self' data: blob:",
		"font-src 'self'",
		"manifest-src 'self'",
		"connect-src " + strings.Join(connect, " "),
		"form-action 'self'",
		"frame-ancestors 'none'",
		"base-uri 'none'",
		"object-src 'none'",
		"upgrade-insecure-requests",
	}
	return strings.Join(directives, "; ")
}
