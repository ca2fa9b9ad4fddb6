package share

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Request is an HTTP request as API Gateway's HTTP API hands it over.
type Request struct {
	Method string
	// Path is the raw (still percent-encoded) path.
	Path    string
	Query   map[string]string
	Headers map[string]string // lowercase names
	Body    []byte
	// Claims are the verified ID token's claims from the JWT authorizer;
	// nil on routes without one.
	Claims map[string]string
	// Origin is the site origin the request came through, used when
	// Config.SiteOrigin is empty.
	Origin string
}

// Response is what the handler answers.
type Response struct {
	Status  int
	Headers map[string]string
	Cookies []string
	Body    []byte
}

// apiError is the contract's error body.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func errorf(status int, code, message string) *apiError {
	return &apiError{status: status, code: code, message: message}
}

var (
	errNotFound     = errorf(http.StatusNotFound, "NotFound", "no such share")
	errUnauthorized = errorf(http.StatusUnauthorized, "Unauthorized", "sign in first")
)

func jsonResponse(status int, v any) Response {
	body, _ := json.Marshal(v)
	return Response{Status: status, Headers: jsonHeaders(), Body: body}
}

func jsonHeaders() map[string]string {
	return map[string]string{"content-type": "application/json", "cache-control": "no-store"}
}

func errorResponse(err error) Response {
	e, ok := err.(*apiError)
	if !ok {
		e = errorf(http.StatusInternalServerError, "InternalError", "the share service failed")
	}
	return jsonResponse(e.status, map[string]any{"error": map[string]string{"code": e.code, "message": e.message}})
}

func (r Request) header(name string) string { return r.Headers[strings.ToLower(name)] }

// bearer is the raw token of an Authorization: Bearer header.
func (r Request) bearer() string {
	v := r.header("authorization")
	if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
		return strings.TrimSpace(v[7:])
	}
	return ""
}

// segments splits the raw path into its segments. A path with an empty
// segment ("//"), a dot segment or an encoded slash or backslash never
// names a route: ok is false.
func segments(rawPath string) (segs []string, ok bool) {
	p := strings.TrimPrefix(rawPath, "/")
	if p == "" {
		return nil, false
	}
	lower := strings.ToLower(p)
	if strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") || strings.Contains(p, "\\") {
		return nil, false
	}
	segs = strings.Split(p, "/")
	for i, s := range segs {
		if s == "" && i != len(segs)-1 { // a trailing slash is allowed
			return nil, false
		}
		if s == "." || s == ".." {
			return nil, false
		}
	}
	return segs, true
}
