package share

import (
	"context"
	"encoding/json"
	"net/http"
)

// dropInfo is what the drop page shows before an upload.
func (h *Handler) dropInfo(ctx context.Context, id string) (Response, error) {
	rec, err := h.liveDrop(ctx, id)
	if err != nil {
		return Response{}, err
	}
	return jsonResponse(http.StatusOK, map[string]any{"name": lastSegment(rec.Key), "expiresAt": rec.ExpiresAt,
		"maxBytes": rec.MaxBytes, "signedInOnly": rec.SignedInOnly}), nil
}

func (h *Handler) liveDrop(ctx context.Context, id string) (Record, error) {
	rec, err := h.liveRecord(ctx, id)
	if err == nil && rec.Kind != KindDrop {
		err = errNotFound
	}
	return rec, err
}

// uploadBody is the body of POST /api/drops/{id}/uploads.
type uploadBody struct {
	Name *string `json:"name"`
	Size *int64  `json:"size"`
}

// dropUpload presigns one POST of exactly <drop folder><name>, at most the
// drop's size limit, for PresignedPostTTL. The form lets its holder write
// that one key and nothing else: it can neither list nor read.
func (h *Handler) dropUpload(ctx context.Context, r Request, id string, signedIn bool) (Response, error) {
	if signedIn {
		if _, err := h.signedIn(r); err != nil {
			return Response{}, err
		}
	}
	rec, err := h.liveDrop(ctx, id)
	if err != nil {
		return Response{}, err
	}
	if rec.SignedInOnly && !signedIn {
		return Response{}, errorf(http.StatusUnauthorized, "Unauthorized", "this drop takes files from signed-in users only")
	}
	var b uploadBody
	if err := json.Unmarshal(r.Body, &b); err != nil {
		return Response{}, errorf(http.StatusBadRequest, "BadRequest", "the body must be a JSON object: "+err.Error())
	}
	var p problems
	if b.Name == nil {
		p.add("name", "", "is required")
	} else if why := fileNameProblem(*b.Name); why != "" {
		p.add("name", *b.Name, why)
	}
	if b.Size == nil || *b.Size < 0 || *b.Size > rec.MaxBytes {
		var got any = "none"
		if b.Size != nil {
			got = *b.Size
		}
		p.add("size", got, "must be between 0 and the drop's limit of "+itoa(rec.MaxBytes)+" bytes")
	}
	if err := p.err(); err != nil {
		return Response{}, err
	}
	key := rec.Key + *b.Name
	u, fields, err := h.objects.PresignPost(ctx, key, rec.MaxBytes, PresignedPostTTL)
	if err != nil {
		return Response{}, err
	}
	return jsonResponse(http.StatusOK, map[string]any{"url": u, "fields": fields, "key": key}), nil
}
