package share

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"time"
)

// createBody is the body of POST /api/shares.
type createBody struct {
	Key           *string  `json:"key"`
	Kind          *string  `json:"kind"`
	ExpiresInDays *int     `json:"expiresInDays"`
	Password      *string  `json:"password"`
	MaxDownloads  *int     `json:"maxDownloads"`
	Recipients    []string `json:"recipients"`
	SignedInOnly  *bool    `json:"signedInOnly"`
	MaxBytes      *int64   `json:"maxBytes"`
}

// Share is a share as the owner sees it (the contract's Share object).
type Share struct {
	ID           string    `json:"id"`
	Kind         string    `json:"kind"`
	Key          string    `json:"key"`
	Name         string    `json:"name"`
	URL          string    `json:"url"`
	CreatedAt    time.Time `json:"createdAt"`
	ExpiresAt    time.Time `json:"expiresAt"`
	HasPassword  bool      `json:"hasPassword"`
	MaxDownloads *int      `json:"maxDownloads"`
	Downloads    int       `json:"downloads"`
	Recipients   []string  `json:"recipients"`
	SignedInOnly bool      `json:"signedInOnly"`
	MaxBytes     int64     `json:"maxBytes,omitempty"`
	Status       string    `json:"status"`
}

func (h *Handler) view(rec Record, origin string) Share {
	s := Share{
		ID: rec.ID, Kind: rec.Kind, Key: rec.Key, Name: lastSegment(rec.Key), URL: origin + "/s/" + rec.ID,
		CreatedAt: rec.CreatedAt, ExpiresAt: rec.ExpiresAt, HasPassword: rec.PasswordHash != "",
		Downloads: rec.Downloads, Recipients: rec.Recipients, SignedInOnly: rec.SignedInOnly,
		MaxBytes: rec.MaxBytes, Status: rec.Status(h.now()),
	}
	if s.Recipients == nil {
		s.Recipients = []string{}
	}
	if rec.MaxDownloads > 0 {
		n := rec.MaxDownloads
		s.MaxDownloads = &n
	}
	return s
}

func (h *Handler) create(ctx context.Context, c caller, body []byte, r Request) (Response, error) {
	var b createBody
	if err := json.Unmarshal(body, &b); err != nil {
		return Response{}, errorf(http.StatusBadRequest, "BadRequest", "the body must be a JSON object: "+err.Error())
	}
	rec, err := h.record(c, b)
	if err != nil {
		return Response{}, err
	}
	if err := h.store.Put(ctx, rec); err != nil {
		return Response{}, err
	}
	return jsonResponse(http.StatusCreated, map[string]any{"share": h.view(rec, h.siteOrigin(r))}), nil
}

// record checks a create body and makes the record; every problem is
// reported at once.
func (h *Handler) record(c caller, b createBody) (Record, error) {
	now := h.now()
	rec := Record{ID: NewID(), Owner: c.owner, OwnerEmail: c.email, CreatedAt: now, TicketSecret: randomString(32)}
	var p problems
	rec.Kind = KindLink
	if b.Kind != nil {
		rec.Kind = *b.Kind
	}
	switch rec.Kind {
	case KindLink:
		h.linkOptions(&rec, b, c, &p)
	case KindDrop:
		h.dropOptions(&rec, b, c, &p)
	default:
		p.add("kind", rec.Kind, `must be "link" or "drop"`)
	}
	days := DefaultExpiryDays
	if b.ExpiresInDays != nil {
		days = *b.ExpiresInDays
	}
	if days < 1 || days > MaxExpiryDays {
		p.add("expiresInDays", days, "must be between 1 and 30")
	}
	rec.ExpiresAt = now.AddDate(0, 0, days)
	if b.Password != nil {
		if n := len([]rune(*b.Password)); n < MinPasswordLength || n > MaxPasswordLength {
			p.add("password", "(hidden)", "must be 8 to 128 characters")
		} else {
			rec.PasswordHash = hashPassword(*b.Password, h.cfg.PasswordIterations)
		}
	}
	if b.MaxDownloads != nil {
		if *b.MaxDownloads < 1 || *b.MaxDownloads > MaxDownloadsLimit {
			p.add("maxDownloads", *b.MaxDownloads, "must be between 1 and 10000")
		}
		rec.MaxDownloads = *b.MaxDownloads
	}
	return rec, p.err()
}

func (h *Handler) linkOptions(rec *Record, b createBody, c caller, p *problems) {
	if b.Key == nil {
		p.add("key", "", "is required for a link")
	} else if why := keyProblem(*b.Key, c.folder); why != "" {
		p.add("key", *b.Key, why)
	}
	if b.Key != nil {
		rec.Key = *b.Key
	}
	if b.SignedInOnly != nil || b.MaxBytes != nil {
		p.add("signedInOnly/maxBytes", "set", "apply to drops only")
	}
	if len(b.Recipients) > MaxRecipients {
		p.add("recipients", len(b.Recipients), "must name at most 20 addresses")
	}
	seen := map[string]bool{}
	for _, e := range b.Recipients {
		n := normalEmail(e)
		if why := emailProblem(n); why != "" {
			p.add("recipients", e, why)
		} else if !seen[n] {
			seen[n] = true
			rec.Recipients = append(rec.Recipients, n)
		}
	}
}

func (h *Handler) dropOptions(rec *Record, b createBody, c caller, p *problems) {
	rec.Key = c.folder + "drop/" + rec.ID + "/"
	if b.Key != nil && *b.Key != "" {
		p.add("key", *b.Key, "must be omitted for a drop (the service makes its folder)")
	}
	if len(b.Recipients) > 0 {
		p.add("recipients", len(b.Recipients), "apply to links only")
	}
	rec.SignedInOnly = b.SignedInOnly != nil && *b.SignedInOnly
	rec.MaxBytes = DefaultDropBytes
	if b.MaxBytes != nil {
		if *b.MaxBytes < 1 || *b.MaxBytes > MaxDropBytes {
			p.add("maxBytes", *b.MaxBytes, "must be between 1 and 5368709120 (5 GiB)")
		}
		rec.MaxBytes = *b.MaxBytes
	}
}

func (h *Handler) list(ctx context.Context, c caller, r Request) (Response, error) {
	recs, err := h.store.ByOwner(ctx, c.owner)
	if err != nil {
		return Response{}, err
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].CreatedAt.After(recs[j].CreatedAt) })
	shares := make([]Share, 0, len(recs))
	for _, rec := range recs {
		if rec.Owner == c.owner {
			shares = append(shares, h.view(rec, h.siteOrigin(r)))
		}
	}
	return jsonResponse(http.StatusOK, map[string]any{"shares": shares}), nil
}

func (h *Handler) revoke(ctx context.Context, c caller, id string) (Response, error) {
	if !ValidID(id) {
		return Response{}, errNotFound
	}
	found, err := h.store.Revoke(ctx, id, c.owner)
	if err != nil {
		return Response{}, err
	}
	if !found {
		return Response{}, errNotFound
	}
	return Response{Status: http.StatusNoContent, Headers: map[string]string{"cache-control": "no-store"}}, nil
}
