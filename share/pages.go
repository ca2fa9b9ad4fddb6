package share

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
)

// The link pages: plain HTML with no script and a CSP that forbids any.
var pages = template.Must(template.New("pages").Parse(`
{{define "head"}}<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>{{.}}</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}</style></head><body>{{end}}
{{define "notfound"}}{{template "head" "Not found"}}<h1>Not found</h1><p>This link does not exist, has expired or was revoked.</p></body></html>{{end}}
{{define "password"}}{{template "head" "Password required"}}<h1>Password required</h1>{{if .Message}}<p role="alert">{{.Message}}</p>{{end}}<form method="post" action="/s/{{.ID}}"><label>Password <input type="password" name="password" autocomplete="current-password" required autofocus></label> <button type="submit">Open</button></form></body></html>{{end}}
{{define "listing"}}{{template "head" .Name}}<h1>{{.Name}}</h1><ul>{{range .Items}}<li><a href="{{.Href}}">{{.Path}}</a> ({{.Size}} bytes)</li>{{else}}<li>This folder is empty.</li>{{end}}</ul></body></html>{{end}}
`))

// notFoundPage is the one page every unknown, expired, revoked or used-up
// link gets, byte for byte.
var notFoundPage = render("notfound", nil)

func render(name string, data any) []byte {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// pageCSP is the pages' Content-Security-Policy: no script, no framing. It
// has no form-action: a file link's password form ends in a 302 to the
// bucket's presigned GET, and browsers check form-action on the redirects
// of a form submission too (form-action 'self' blocks the download). The
// pages run no script and html/template escapes every value, so the only
// form is the service's own.
const pageCSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"

func htmlResponse(status int, body []byte) Response {
	return Response{Status: status, Body: body, Headers: map[string]string{
		"content-type":            "text/html; charset=utf-8",
		"cache-control":           "no-store",
		"content-security-policy": pageCSP,
		"referrer-policy":         "no-referrer",
		"x-content-type-options":  "nosniff",
	}}
}

func redirect(location string) Response {
	return Response{Status: http.StatusFound, Headers: map[string]string{
		"location": location, "cache-control": "no-store", "referrer-policy": "no-referrer"}}
}

// linkError is the page for a failed /s/ request: the uniform 404 for
// every "no such live share", whatever the reason.
func linkError(err error) Response {
	var e *apiError
	if !errors.As(err, &e) {
		return htmlResponse(http.StatusInternalServerError, []byte("<!doctype html><title>Error</title><p>The share service failed.</p>"))
	}
	return htmlResponse(http.StatusNotFound, notFoundPage)
}

type passwordPage struct{ ID, Message string }

type listingItem struct {
	Path, Href string
	Size       int64
}

func listingPage(id, name string, items []Item) []byte {
	li := make([]listingItem, len(items))
	for i, it := range items {
		segs := strings.Split(it.Path, "/")
		for j, s := range segs {
			segs[j] = url.PathEscape(s)
		}
		li[i] = listingItem{Path: it.Path, Size: it.Size, Href: "/s/" + id + "/" + strings.Join(segs, "/")}
	}
	return render("listing", map[string]any{"Name": name, "Items": li})
}
