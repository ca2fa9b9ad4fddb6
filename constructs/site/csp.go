package site

import "strings"

// ContentSecurityPolicy is the policy the site serves: scripts, styles and
// everything else only from the site itself (no inline scripts or styles),
// network calls only to the site and connectSources, images also from
// mediaSources (and data: and blob: URLs the app makes), audio and video
// only from mediaSources, no framing, no plugins.
//
// mediaSources is what previews of a user's files need: <img>, <audio> and
// <video> elements load them by presigned URL from the data bucket's
// origin. Nothing else is widened: script-src stays 'self', so nothing
// loaded from there can run (an image or a video never runs script, and
// frames and objects stay 'none').
func ContentSecurityPolicy(connectSources, mediaSources []string) string {
	connect := append([]string{"'self'"}, connectSources...)
	img := append([]string{"'self'", "data:", "blob:"}, mediaSources...)
	directives := []string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src " + strings.Join(img, " "),
	}
	if len(mediaSources) > 0 {
		directives = append(directives, "media-src "+strings.Join(mediaSources, " "))
	}
	directives = append(directives,
		"font-src 'self'",
		"manifest-src 'self'",
		"connect-src "+strings.Join(connect, " "),
		"form-action 'self'",
		"frame-ancestors 'none'",
		"base-uri 'none'",
		"object-src 'none'",
		"upgrade-insecure-requests",
	)
	return strings.Join(directives, "; ")
}
