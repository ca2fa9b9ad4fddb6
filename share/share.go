// Package share is the share service of issue 15: links that last and can
// be revoked, shares with named users of the same pool, and file-drop
// links. It is the handler logic only, behind small interfaces (Store,
// Objects, Identities), so the same code runs in the Lambda function
// (cmd/share-lambda), in the local preview (cmd/share-local) and in unit
// tests. docs/sharing-api.md is its HTTP contract.
//
// Authorization never trusts the client for the caller's folder: it comes
// from the identity pool's GetId with the caller's ID token, or from the
// token's `sub` when OwnerKey is "userPoolSub".
package share

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"
)

// Kinds of share.
const (
	KindLink = "link"
	KindDrop = "drop"
)

// Statuses a share can be in, as the owner sees them.
const (
	StatusActive  = "active"
	StatusExpired = "expired"
	StatusRevoked = "revoked"
	StatusUsedUp  = "used-up"
)

// Limits of the contract.
const (
	MaxExpiryDays       = 30
	DefaultExpiryDays   = 7
	MaxRecipients       = 20
	MaxDownloadsLimit   = 10000
	MaxDropBytes        = 5 << 30
	DefaultDropBytes    = 100 << 20
	MinPasswordLength   = 8
	MaxPasswordLength   = 128
	PresignedGetTTL     = 5 * time.Minute
	PresignedPostTTL    = 15 * time.Minute
	MaxPasswordFailures = 5
	LockoutDuration     = 15 * time.Minute
	// ListedAfterExpiry is how long an expired share stays in its owner's
	// list before the table's TTL removes it.
	ListedAfterExpiry = 30 * 24 * time.Hour
)

// Record is a share as the table holds it.
type Record struct {
	ID           string
	Owner        string // the owner's folder key: identity id or sub
	OwnerEmail   string
	Kind         string
	Key          string // full S3 key; ends with / for a folder
	CreatedAt    time.Time
	ExpiresAt    time.Time
	PasswordHash string // pbkdf2$<iter>$<salt>$<hash>; empty: none
	TicketSecret string // signs the cookie a right password sets
	MaxDownloads int    // 0: no limit
	Downloads    int
	Recipients   []string
	SignedInOnly bool
	MaxBytes     int64
	Revoked      bool
	Failures     int
	LockedUntil  time.Time
}

// Status is the record's status at now.
func (r Record) Status(now time.Time) string {
	switch {
	case r.Revoked:
		return StatusRevoked
	case !now.Before(r.ExpiresAt):
		return StatusExpired
	case r.MaxDownloads > 0 && r.Downloads >= r.MaxDownloads:
		return StatusUsedUp
	}
	return StatusActive
}

// Live reports whether the share answers at now.
func (r Record) Live(now time.Time) bool { return r.Status(now) == StatusActive }

// IsFolder reports whether the share is of a folder.
func (r Record) IsFolder() bool { return len(r.Key) > 0 && r.Key[len(r.Key)-1] == '/' }

// Named reports whether the share is for named recipients only.
func (r Record) Named() bool { return len(r.Recipients) > 0 }

// Store keeps the share records. Every method is one request to the table.
type Store interface {
	// Put writes a new record; it fails if the id exists.
	Put(ctx context.Context, r Record) error
	// Get reads a record; found is false when there is none.
	Get(ctx context.Context, id string) (r Record, found bool, err error)
	// ByOwner lists an owner's records.
	ByOwner(ctx context.Context, owner string) ([]Record, error)
	// ByRecipient lists the records naming email (lowercase) as a recipient.
	ByRecipient(ctx context.Context, email string) ([]Record, error)
	// Revoke marks the owner's record revoked; found is false when the id
	// is unknown or not the owner's.
	Revoke(ctx context.Context, id, owner string) (found bool, err error)
	// CountDownload adds one download if the record is live at now and
	// under its limit; ok is false otherwise.
	CountDownload(ctx context.Context, id string, now time.Time) (ok bool, err error)
	// Fail records a wrong password; from the MaxPasswordFailures-th
	// failure on the record is locked until lockUntil.
	Fail(ctx context.Context, id string, lockUntil time.Time) error
	// ClearFailures resets the failure count after a right password.
	ClearFailures(ctx context.Context, id string) error
}

// Item is an object inside a shared folder.
type Item struct {
	Path         string    `json:"path"` // relative to the shared folder
	Size         int64     `json:"size"`
	LastModified time.Time `json:"lastModified"`
}

// Objects is the data bucket, as the function's role sees it.
type Objects interface {
	// List lists every object under prefix.
	List(ctx context.Context, prefix string) ([]Item, error)
	// PresignGet is a GET of key valid for ttl, as an attachment named filename.
	PresignGet(ctx context.Context, key, filename string, ttl time.Duration) (string, error)
	// PresignPost is a browser POST upload of exactly key, at most maxBytes, valid for ttl.
	PresignPost(ctx context.Context, key string, maxBytes int64, ttl time.Duration) (url string, fields map[string]string, err error)
}

// Identities answers the identity pool's GetId for an ID token.
type Identities interface {
	GetID(ctx context.Context, idToken string) (string, error)
}

// Config configures the handler.
type Config struct {
	// Prefix is the owner prefix of the data bucket, such as "private/".
	Prefix string
	// OwnerKey is "identityId" (default) or "userPoolSub".
	OwnerKey string
	// SiteOrigin is the site's origin, such as "https://d111.cloudfront.net";
	// empty: the origin the request came through (see Request.Origin).
	SiteOrigin string
	// OwnerClaim is the ID token claim that names folders when OwnerKey is
	// "userPoolSub"; default "sub".
	OwnerClaim string
	// PasswordIterations is PBKDF2's iteration count for new passwords;
	// default 600000 (OWASP's figure for PBKDF2-HMAC-SHA256).
	PasswordIterations int
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Handler serves the routes of docs/sharing-api.md.
type Handler struct {
	cfg        Config
	store      Store
	objects    Objects
	identities Identities
}

// New is a Handler over the given table, bucket and identity pool.
func New(cfg Config, store Store, objects Objects, identities Identities) *Handler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Prefix == "" {
		cfg.Prefix = "private/"
	}
	if cfg.OwnerKey == "" {
		cfg.OwnerKey = "identityId"
	}
	if cfg.OwnerClaim == "" {
		cfg.OwnerClaim = "sub"
	}
	if cfg.PasswordIterations == 0 {
		cfg.PasswordIterations = 600000
	}
	return &Handler{cfg: cfg, store: store, objects: objects, identities: identities}
}

func (h *Handler) now() time.Time { return h.cfg.Now().UTC().Truncate(time.Second) }

// NewID is 128 random bits, base64url without padding (22 characters).
func NewID() string { return randomString(16) }

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ValidID reports whether id has the shape NewID makes; anything else is
// answered as unknown without asking the table.
func ValidID(id string) bool {
	if len(id) != 22 {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(id)
	return err == nil && len(b) == 16
}
