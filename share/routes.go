package share

import (
	"context"
	"log"
	"net/http"
	"net/url"
	"strings"
)

// Serve answers one request. It never returns an error: failures are
// answered as the contract says, and unexpected ones are logged.
func (h *Handler) Serve(ctx context.Context, r Request) Response {
	resp, err := h.route(ctx, r)
	if err != nil {
		if _, ok := err.(*apiError); !ok {
			log.Printf("share: %s %s: %v", r.Method, r.Path, err)
		}
		if strings.HasPrefix(r.Path, "/s/") {
			return linkError(err)
		}
		return errorResponse(err)
	}
	return resp
}

func (h *Handler) route(ctx context.Context, r Request) (Response, error) {
	segs, ok := segments(r.Path)
	if !ok {
		return Response{}, errNotFound
	}
	switch segs[0] {
	case "s":
		return h.routeLink(ctx, r, segs[1:])
	case "api":
		return h.routeAPI(ctx, r, segs[1:])
	}
	return Response{}, errNotFound
}

func (h *Handler) routeAPI(ctx context.Context, r Request, segs []string) (Response, error) {
	if len(segs) == 0 {
		return Response{}, errNotFound
	}
	m := r.Method
	switch {
	case segs[0] == "drops" && len(segs) == 2 && m == http.MethodGet:
		return h.dropInfo(ctx, segs[1])
	case segs[0] == "drops" && len(segs) == 3 && segs[2] == "uploads" && m == http.MethodPost:
		return h.dropUpload(ctx, r, segs[1], false)
	}
	c, err := h.caller(ctx, r)
	if err != nil {
		return Response{}, err
	}
	switch {
	case segs[0] == "shares" && len(segs) == 1 && m == http.MethodPost:
		return h.create(ctx, c, r.Body, r)
	case segs[0] == "shares" && len(segs) == 1 && m == http.MethodGet:
		return h.list(ctx, c, r)
	case segs[0] == "shares" && len(segs) == 2 && m == http.MethodDelete:
		return h.revoke(ctx, c, segs[1])
	case segs[0] == "shared-with-me" && len(segs) == 1 && m == http.MethodGet:
		return h.sharedWithMe(ctx, c)
	case segs[0] == "shared-with-me" && len(segs) == 3 && segs[2] == "items" && m == http.MethodGet:
		return h.sharedItems(ctx, c, segs[1])
	case segs[0] == "shared-with-me" && len(segs) == 3 && segs[2] == "url" && m == http.MethodGet:
		return h.sharedURL(ctx, c, segs[1], r.Query["path"])
	case segs[0] == "drops" && len(segs) == 3 && segs[2] == "signed-in-uploads" && m == http.MethodPost:
		return h.dropUpload(ctx, r, segs[1], true)
	}
	return Response{}, errNotFound
}

func (h *Handler) routeLink(ctx context.Context, r Request, segs []string) (Response, error) {
	if len(segs) == 0 || !ValidID(segs[0]) {
		return Response{}, errNotFound
	}
	id := segs[0]
	if len(segs) == 1 || (len(segs) == 2 && segs[1] == "") {
		switch r.Method {
		case http.MethodGet:
			return h.openLink(ctx, r, id)
		case http.MethodPost:
			return h.unlockLink(ctx, r, id)
		}
		return Response{}, errNotFound
	}
	if r.Method != http.MethodGet {
		return Response{}, errNotFound
	}
	rel := make([]string, 0, len(segs)-1)
	for _, s := range segs[1:] {
		u, err := url.PathUnescape(s)
		if err != nil || u == "" || u == "." || u == ".." || strings.ContainsAny(u, "/\\") {
			return Response{}, errNotFound
		}
		rel = append(rel, u)
	}
	return h.openFolderFile(ctx, r, id, strings.Join(rel, "/"))
}

// siteOrigin is where links point.
func (h *Handler) siteOrigin(r Request) string {
	if h.cfg.SiteOrigin != "" {
		return h.cfg.SiteOrigin
	}
	return r.Origin
}
