package share

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// liveRecord is the share id names if it is live at now, else errNotFound:
// unknown, expired, revoked and used-up are one answer.
func (h *Handler) liveRecord(ctx context.Context, id string) (Record, error) {
	if !ValidID(id) {
		return Record{}, errNotFound
	}
	rec, found, err := h.store.Get(ctx, id)
	if err != nil {
		return Record{}, err
	}
	if !found || !rec.Live(h.now()) {
		return Record{}, errNotFound
	}
	return rec, nil
}

// publicLink is the live link record a signed-out holder may open: not a
// named share, not a drop.
func (h *Handler) publicLink(ctx context.Context, id string) (Record, error) {
	rec, err := h.liveRecord(ctx, id)
	if err == nil && (rec.Kind != KindLink || rec.Named()) {
		err = errNotFound
	}
	return rec, err
}

func (h *Handler) openLink(ctx context.Context, r Request, id string) (Response, error) {
	rec, err := h.liveRecord(ctx, id)
	if err != nil {
		return Response{}, err
	}
	switch {
	case rec.Kind == KindDrop:
		return redirect("/drop/" + id), nil
	case rec.Named():
		return redirect("/shared/" + id), nil
	case rec.PasswordHash != "" && !validTicket(rec, r.cookie(ticketCookieName(id)), h.now()):
		return htmlResponse(http.StatusOK, render("password", passwordPage{ID: id})), nil
	case rec.IsFolder():
		return h.listing(ctx, rec)
	}
	return h.download(ctx, rec, rec.Key)
}

func (h *Handler) listing(ctx context.Context, rec Record) (Response, error) {
	items, err := h.objects.List(ctx, rec.Key)
	if err != nil {
		return Response{}, err
	}
	return htmlResponse(http.StatusOK, listingPage(rec.ID, lastSegment(rec.Key), items)), nil
}

// download counts one download (refused past the limit) and redirects to
// a short GET of key.
func (h *Handler) download(ctx context.Context, rec Record, key string) (Response, error) {
	ok, err := h.store.CountDownload(ctx, rec.ID, h.now())
	if err != nil {
		return Response{}, err
	}
	if !ok {
		return Response{}, errNotFound
	}
	u, err := h.objects.PresignGet(ctx, key, lastSegment(key), PresignedGetTTL)
	if err != nil {
		return Response{}, err
	}
	return redirect(u), nil
}

// unlockLink checks a password form. Failures count on the share, and past
// MaxPasswordFailures the share refuses every attempt for LockoutDuration,
// whoever makes it.
func (h *Handler) unlockLink(ctx context.Context, r Request, id string) (Response, error) {
	rec, err := h.publicLink(ctx, id)
	if err != nil || rec.PasswordHash == "" {
		return Response{}, errNotFound
	}
	now := h.now()
	if now.Before(rec.LockedUntil) {
		return htmlResponse(http.StatusTooManyRequests, render("password", passwordPage{ID: id, Message: "Too many attempts. Try again later."})), nil
	}
	form, _ := url.ParseQuery(string(r.Body))
	if !checkPassword(rec.PasswordHash, form.Get("password")) {
		if err := h.store.Fail(ctx, id, now.Add(LockoutDuration)); err != nil {
			return Response{}, err
		}
		return htmlResponse(http.StatusUnauthorized, render("password", passwordPage{ID: id, Message: "Wrong password."})), nil
	}
	if rec.Failures > 0 {
		if err := h.store.ClearFailures(ctx, id); err != nil {
			return Response{}, err
		}
	}
	cookie := (&http.Cookie{Name: ticketCookieName(id), Value: ticket(rec, now.Add(TicketTTL)), Path: "/s/" + id,
		MaxAge: int(TicketTTL.Seconds()), HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}).String()
	var resp Response
	if rec.IsFolder() {
		resp = redirect("/s/" + id)
	} else if resp, err = h.download(ctx, rec, rec.Key); err != nil {
		return Response{}, err
	}
	resp.Cookies = append(resp.Cookies, cookie)
	return resp, nil
}

// openFolderFile redirects to one file of a shared folder.
func (h *Handler) openFolderFile(ctx context.Context, r Request, id, rel string) (Response, error) {
	rec, err := h.publicLink(ctx, id)
	if err != nil || !rec.IsFolder() {
		return Response{}, errNotFound
	}
	if rec.PasswordHash != "" && !validTicket(rec, r.cookie(ticketCookieName(id)), h.now()) {
		return redirect("/s/" + id), nil
	}
	return h.folderFile(ctx, rec, rel)
}

// folderFile downloads rel inside the shared folder rec, if it exists.
func (h *Handler) folderFile(ctx context.Context, rec Record, rel string) (Response, error) {
	if pathProblem(rel) != "" || strings.HasSuffix(rel, "/") {
		return Response{}, errNotFound
	}
	key := rec.Key + rel
	items, err := h.objects.List(ctx, key)
	if err != nil {
		return Response{}, err
	}
	for _, it := range items {
		if it.Path == "" { // the object itself, relative to its own key
			return h.download(ctx, rec, key)
		}
	}
	return Response{}, errNotFound
}
