package share

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// keyProblem says why key cannot be shared from folder, or "" if it can:
// it must be a file or folder strictly inside folder, with no "..", "."
// or empty segment, no backslash, no encoded slash and no control
// character, so that the S3 key and what the owner sees are the same thing.
func keyProblem(key, folder string) string {
	switch {
	case !strings.HasPrefix(key, folder) || len(key) == len(folder):
		return "must be a file or folder inside your own folder " + folder
	case len(key) > 1024 || !utf8.ValidString(key):
		return "must be valid UTF-8 of at most 1024 bytes"
	}
	return pathProblem(strings.TrimSuffix(key[len(folder):], "/"))
}

// pathProblem says why rel is not a clean relative path, or "".
func pathProblem(rel string) string {
	lower := strings.ToLower(rel)
	switch {
	case rel == "":
		return "must not be empty"
	case strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") || strings.Contains(rel, "\\"):
		return "must not contain an encoded slash or a backslash"
	case strings.IndexFunc(rel, unicode.IsControl) >= 0:
		return "must not contain control characters"
	}
	for _, s := range strings.Split(rel, "/") {
		switch s {
		case "":
			return `must not contain "//" or start with "/"`
		case ".", "..":
			return `must not contain "." or ".." segments`
		}
	}
	return ""
}

// fileNameProblem says why name cannot be a dropped file's name, or "".
func fileNameProblem(name string) string {
	if len(name) > 255 || !utf8.ValidString(name) {
		return "must be valid UTF-8 of at most 255 bytes"
	}
	if strings.Contains(name, "/") {
		return "must be a file name, without a slash"
	}
	return pathProblem(name)
}

// emailProblem says why s is not one email address, or "".
func emailProblem(s string) string {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || len(s) > 254 {
		return "must be an email address such as someone@example.com"
	}
	return ""
}

// lastSegment is the name a key shows: its last path segment.
func lastSegment(key string) string {
	k := strings.TrimSuffix(key, "/")
	return k[strings.LastIndex(k, "/")+1:]
}

// problems collects the problems of a request body, reported at once.
type problems []string

func (p *problems) add(field string, value any, rule string) {
	*p = append(*p, fmt.Sprintf("%s %s (received: %s)", field, rule, quote(value)))
}

func quote(v any) string {
	if s, ok := v.(string); ok {
		if len(s) > 80 {
			s = s[:80] + "…"
		}
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return errorf(400, "BadRequest", strings.Join(p, "; "))
}

func itoa(n int64) string { return fmt.Sprint(n) }
