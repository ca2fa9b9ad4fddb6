package share

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"time"
)

// sharedView is a named share as a recipient sees it.
type sharedView struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Kind       string    `json:"kind"`
	IsFolder   bool      `json:"isFolder"`
	OwnerEmail string    `json:"ownerEmail,omitempty"`
	ExpiresAt  time.Time `json:"expiresAt"`
}

// sharedWithMe lists the live named shares for the caller's verified email,
// read from the token now, so an address that was not (or is no longer)
// verified sees nothing.
func (h *Handler) sharedWithMe(ctx context.Context, c caller) (Response, error) {
	out := []sharedView{}
	if c.email != "" {
		recs, err := h.store.ByRecipient(ctx, c.email)
		if err != nil {
			return Response{}, err
		}
		for _, rec := range recs {
			if rec.Live(h.now()) && slices.Contains(rec.Recipients, c.email) {
				out = append(out, sharedView{ID: rec.ID, Name: lastSegment(rec.Key), Kind: rec.Kind,
					IsFolder: rec.IsFolder(), OwnerEmail: rec.OwnerEmail, ExpiresAt: rec.ExpiresAt})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ExpiresAt.After(out[j].ExpiresAt) })
	return jsonResponse(http.StatusOK, map[string]any{"shares": out}), nil
}

// namedFor is the live named share id if c's verified email is among its
// recipients, else errNotFound, the same for every other reason.
func (h *Handler) namedFor(ctx context.Context, c caller, id string) (Record, error) {
	rec, err := h.liveRecord(ctx, id)
	if err != nil {
		return Record{}, err
	}
	if c.email == "" || rec.Kind != KindLink || !slices.Contains(rec.Recipients, c.email) {
		return Record{}, errNotFound
	}
	return rec, nil
}

func (h *Handler) sharedItems(ctx context.Context, c caller, id string) (Response, error) {
	rec, err := h.namedFor(ctx, c, id)
	if err != nil {
		return Response{}, err
	}
	if !rec.IsFolder() {
		return Response{}, errNotFound
	}
	items, err := h.objects.List(ctx, rec.Key)
	if err != nil {
		return Response{}, err
	}
	if items == nil {
		items = []Item{}
	}
	return jsonResponse(http.StatusOK, map[string]any{"items": items}), nil
}

func (h *Handler) sharedURL(ctx context.Context, c caller, id, rel string) (Response, error) {
	rec, err := h.namedFor(ctx, c, id)
	if err != nil {
		return Response{}, err
	}
	var resp Response
	if rec.IsFolder() {
		resp, err = h.folderFile(ctx, rec, rel)
	} else if rel != "" {
		return Response{}, errNotFound
	} else {
		resp, err = h.download(ctx, rec, rec.Key)
	}
	if err != nil {
		return Response{}, err
	}
	return jsonResponse(http.StatusOK, map[string]any{
		"url": resp.Headers["location"], "expiresAt": h.now().Add(PresignedGetTTL)}), nil
}
