package share

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"
)

// memStore is Store in memory, for the handler's unit tests only (the
// local preview and the Node integration test use DynamoStore on dynalite).
type memStore struct {
	mu   sync.Mutex
	recs map[string]Record
}

func newMemStore() *memStore { return &memStore{recs: map[string]Record{}} }

func (m *memStore) Put(_ context.Context, r Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.recs[r.ID]; ok {
		return errors.New("exists")
	}
	m.recs[r.ID] = r
	return nil
}

func (m *memStore) Get(_ context.Context, id string) (Record, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.recs[id]
	return r, ok, nil
}

func (m *memStore) filter(keep func(Record) bool) []Record {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Record
	for _, r := range m.recs {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

func (m *memStore) ByOwner(_ context.Context, owner string) ([]Record, error) {
	return m.filter(func(r Record) bool { return r.Owner == owner }), nil
}

func (m *memStore) ByRecipient(_ context.Context, email string) ([]Record, error) {
	return m.filter(func(r Record) bool { return slices.Contains(r.Recipients, email) }), nil
}

func (m *memStore) change(id string, f func(*Record) bool) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.recs[id]
	if !ok || !f(&r) {
		return false
	}
	m.recs[id] = r
	return true
}

func (m *memStore) Revoke(_ context.Context, id, owner string) (bool, error) {
	return m.change(id, func(r *Record) bool { r.Revoked = true; return r.Owner == owner }), nil
}

func (m *memStore) CountDownload(_ context.Context, id string, now time.Time) (bool, error) {
	return m.change(id, func(r *Record) bool {
		if !r.Live(now) {
			return false
		}
		r.Downloads++
		return true
	}), nil
}

func (m *memStore) Fail(_ context.Context, id string, lockUntil time.Time) error {
	m.change(id, func(r *Record) bool {
		if r.Failures++; r.Failures >= MaxPasswordFailures {
			r.Failures, r.LockedUntil = 0, lockUntil
		}
		return true
	})
	return nil
}

func (m *memStore) ClearFailures(_ context.Context, id string) error {
	m.change(id, func(r *Record) bool { r.Failures = 0; return true })
	return nil
}

// fakeObjects is a bucket listing and a presigner that spell out what they sign.
type fakeObjects struct {
	keys  map[string]int64
	posts []string
}

func (f *fakeObjects) List(_ context.Context, prefix string) ([]Item, error) {
	var out []Item
	for k, size := range f.keys {
		if strings.HasPrefix(k, prefix) {
			out = append(out, Item{Path: strings.TrimPrefix(k, prefix), Size: size})
		}
	}
	slices.SortFunc(out, func(a, b Item) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

func (f *fakeObjects) PresignGet(_ context.Context, key, filename string, ttl time.Duration) (string, error) {
	return "https://bucket.example/" + key + "?get&ttl=" + ttl.String(), nil
}

func (f *fakeObjects) PresignPost(_ context.Context, key string, maxBytes int64, ttl time.Duration) (string, map[string]string, error) {
	f.posts = append(f.posts, key)
	return "https://bucket.example/", map[string]string{"key": key}, nil
}

// fakeIdentities maps ID tokens to identity ids, as GetId would.
type fakeIdentities map[string]string

func (f fakeIdentities) GetID(_ context.Context, token string) (string, error) {
	if id, ok := f[token]; ok {
		return id, nil
	}
	return "", errors.New("NotAuthorizedException")
}
