package share

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// user is a signed-in test user.
type user struct{ token, id, email, verified string }

var (
	alice = user{"token-a", "eu-west-1:aaaaaaaa-0000-0000-0000-000000000001", "alice@example.com", "true"}
	bob   = user{"token-b", "eu-west-1:bbbbbbbb-0000-0000-0000-000000000002", "bob@example.com", "true"}
	carol = user{"token-c", "eu-west-1:cccccccc-0000-0000-0000-000000000003", "carol@example.com", "true"}
	// dave claims bob's address, unverified.
	dave = user{"token-d", "eu-west-1:dddddddd-0000-0000-0000-000000000004", "bob@example.com", "false"}
)

func (u user) folder() string { return "private/" + u.id + "/" }

// fixture is a handler over in-memory fakes, with a clock the test moves.
type fixture struct {
	t       *testing.T
	h       *Handler
	store   *memStore
	objects *fakeObjects
	now     time.Time
}

func newFixture(t *testing.T) *fixture {
	f := &fixture{t: t, store: newMemStore(), now: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	f.objects = &fakeObjects{keys: map[string]int64{
		alice.folder() + "report.pdf":       10,
		alice.folder() + "photos/a.jpg":     20,
		alice.folder() + "photos/sub/b.jpg": 30,
		bob.folder() + "secret.txt":         40,
		alice.folder() + "photos-old/c.jpg": 50,
	}}
	ids := fakeIdentities{}
	for _, u := range []user{alice, bob, carol, dave} {
		ids[u.token] = u.id
	}
	f.h = New(Config{SiteOrigin: "https://site.example", PasswordIterations: 1000, Now: func() time.Time { return f.now }},
		f.store, f.objects, ids)
	return f
}

func (f *fixture) do(u *user, method, path string, body any) Response {
	r := Request{Method: method, Path: path, Headers: map[string]string{}, Query: map[string]string{}}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		r.Path = path[:i]
		for _, kv := range strings.Split(path[i+1:], "&") {
			k, v, _ := strings.Cut(kv, "=")
			r.Query[k] = v
		}
	}
	switch b := body.(type) {
	case nil:
	case string:
		r.Body = []byte(b)
	default:
		r.Body, _ = json.Marshal(b)
	}
	if u != nil {
		r.Headers["authorization"] = "Bearer " + u.token
		r.Claims = map[string]string{"sub": "sub-" + u.id, "token_use": "id", "email": u.email, "email_verified": u.verified}
	}
	return f.h.Serve(context.Background(), r)
}

// share creates a share as u and returns its id; it fails the test unless 201.
func (f *fixture) share(u user, body map[string]any) string {
	f.t.Helper()
	resp := f.do(&u, "POST", "/api/shares", body)
	if resp.Status != http.StatusCreated {
		f.t.Fatalf("create %v: %d %s", body, resp.Status, resp.Body)
	}
	var out struct{ Share Share }
	if err := json.Unmarshal(resp.Body, &out); err != nil {
		f.t.Fatal(err)
	}
	return out.Share.ID
}

func TestCreate(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name string
		body map[string]any
		want string // in the 400's message; "" for 201
	}{
		{"a file in the caller's folder", map[string]any{"key": alice.folder() + "report.pdf"}, ""},
		{"a folder in the caller's folder", map[string]any{"key": alice.folder() + "photos/"}, ""},
		{"fails when the key is another user's", map[string]any{"key": bob.folder() + "secret.txt"}, "inside your own folder"},
		{"fails when the key is the caller's folder itself", map[string]any{"key": alice.folder()}, "inside your own folder"},
		{"fails when the key shares the folder's name prefix", map[string]any{"key": "private/" + alice.id + "x/f"}, "inside your own folder"},
		{"fails when the key climbs out with ..", map[string]any{"key": alice.folder() + "../" + bob.id + "/secret.txt"}, `".."`},
		{"fails when the key has a dot segment", map[string]any{"key": alice.folder() + "./report.pdf"}, `".."`},
		{"fails when the key has an encoded slash", map[string]any{"key": alice.folder() + "..%2F" + bob.id + "%2fsecret.txt"}, "encoded slash"},
		{"fails when the key has a backslash", map[string]any{"key": alice.folder() + "..\\secret.txt"}, "backslash"},
		{"fails when the key has //", map[string]any{"key": alice.folder() + "photos//a.jpg"}, `"//"`},
		{"fails when the key is missing", map[string]any{}, "key is required"},
		{"fails when expiry is over 30 days", map[string]any{"key": alice.folder() + "report.pdf", "expiresInDays": 31}, "expiresInDays must be between 1 and 30 (received: 31)"},
		{"fails when expiry is 0", map[string]any{"key": alice.folder() + "report.pdf", "expiresInDays": 0}, "expiresInDays"},
		{"fails when the password is short", map[string]any{"key": alice.folder() + "report.pdf", "password": "short"}, "password must be 8 to 128"},
		{"fails when maxDownloads is 0", map[string]any{"key": alice.folder() + "report.pdf", "maxDownloads": 0}, "maxDownloads"},
		{"fails when a recipient is not an address", map[string]any{"key": alice.folder() + "report.pdf", "recipients": []string{"bob"}}, `recipients must be an email address`},
		{"fails when the kind is unknown", map[string]any{"key": alice.folder() + "report.pdf", "kind": "mirror"}, `kind must be "link" or "drop"`},
		{"fails when a drop names a key", map[string]any{"kind": "drop", "key": bob.folder()}, "must be omitted for a drop"},
		{"fails when a drop is over 5 GiB", map[string]any{"kind": "drop", "maxBytes": int64(6 << 30)}, "maxBytes"},
		{"reports every problem at once", map[string]any{"key": bob.folder() + "x", "expiresInDays": 99}, "expiresInDays"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := f.do(&alice, "POST", "/api/shares", tc.body)
			if tc.want == "" {
				if resp.Status != http.StatusCreated {
					t.Fatalf("got %d %s", resp.Status, resp.Body)
				}
				return
			}
			if resp.Status != http.StatusBadRequest || !strings.Contains(string(resp.Body), jsonEscape(tc.want)) {
				t.Fatalf("want 400 with %q, got %d %s", tc.want, resp.Status, resp.Body)
			}
		})
	}
}

func jsonEscape(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

func TestCreateNeverTakesTheFolderFromTheClient(t *testing.T) {
	f := newFixture(t)
	// Mallory's token: the claims say alice, but GetId with the token says dave.
	r := Request{Method: "POST", Path: "/api/shares", Headers: map[string]string{"authorization": "Bearer " + dave.token},
		Claims: map[string]string{"sub": alice.id, "token_use": "id", "identityId": alice.id},
		Body:   []byte(fmt.Sprintf(`{"key":%q,"owner":%q}`, alice.folder()+"report.pdf", alice.id))}
	if resp := f.h.Serve(context.Background(), r); resp.Status != http.StatusBadRequest {
		t.Fatalf("want 400, got %d %s", resp.Status, resp.Body)
	}
	for name, claims := range map[string]map[string]string{
		"fails without claims":       nil,
		"fails with an access token": {"sub": alice.id, "token_use": "access"},
	} {
		r := Request{Method: "GET", Path: "/api/shares", Headers: map[string]string{"authorization": "Bearer " + alice.token}, Claims: claims}
		if resp := f.h.Serve(context.Background(), r); resp.Status != http.StatusUnauthorized {
			t.Errorf("%s: want 401, got %d", name, resp.Status)
		}
	}
}

func TestUserPoolSubOwnerKey(t *testing.T) {
	f := newFixture(t)
	f.h.cfg.OwnerKey = "userPoolSub"
	resp := f.do(&alice, "POST", "/api/shares", map[string]any{"key": "private/sub-" + alice.id + "/report.pdf"})
	if resp.Status != http.StatusCreated {
		t.Fatalf("sub folder: got %d %s", resp.Status, resp.Body)
	}
	if resp := f.do(&alice, "POST", "/api/shares", map[string]any{"key": alice.folder() + "report.pdf"}); resp.Status != http.StatusBadRequest {
		t.Fatalf("identity folder under userPoolSub: got %d", resp.Status)
	}
}

func TestLinks(t *testing.T) {
	f := newFixture(t)
	file := f.share(alice, map[string]any{"key": alice.folder() + "report.pdf", "expiresInDays": 7})
	expired := f.share(alice, map[string]any{"key": alice.folder() + "report.pdf", "expiresInDays": 1})
	revoked := f.share(alice, map[string]any{"key": alice.folder() + "report.pdf"})
	limited := f.share(alice, map[string]any{"key": alice.folder() + "report.pdf", "maxDownloads": 1})
	named := f.share(alice, map[string]any{"key": alice.folder() + "report.pdf", "recipients": []string{"Bob@Example.com"}})
	drop := f.share(alice, map[string]any{"kind": "drop"})
	folder := f.share(alice, map[string]any{"key": alice.folder() + "photos/"})
	if resp := f.do(&bob, "DELETE", "/api/shares/"+revoked, nil); resp.Status != http.StatusNotFound {
		t.Fatalf("fails when another user revokes: got %d", resp.Status)
	}
	if resp := f.do(&alice, "DELETE", "/api/shares/"+revoked, nil); resp.Status != http.StatusNoContent {
		t.Fatalf("revoke: got %d", resp.Status)
	}
	if resp := f.do(nil, "GET", "/s/"+limited, nil); resp.Status != http.StatusFound {
		t.Fatalf("first download of a limited link: got %d", resp.Status)
	}
	f.now = f.now.Add(25 * time.Hour)

	for _, tc := range []struct {
		name, path string
		status     int
		location   string // prefix
	}{
		{"a file link redirects to a presigned GET", "/s/" + file, 302, "https://bucket.example/" + alice.folder() + "report.pdf"},
		{"fails when the link expired", "/s/" + expired, 404, ""},
		{"fails when the link was revoked", "/s/" + revoked, 404, ""},
		{"fails when the download limit is reached", "/s/" + limited, 404, ""},
		{"fails when the id is guessed", "/s/" + NewID(), 404, ""},
		{"fails when the id is not an id", "/s/report.pdf", 404, ""},
		{"fails when the id is empty", "/s/", 404, ""},
		{"a named link sends to the app", "/s/" + named, 302, "/shared/" + named},
		{"a drop sends to the drop page", "/s/" + drop, 302, "/drop/" + drop},
		{"a folder link lists the folder", "/s/" + folder, 200, ""},
		{"a file in a folder link", "/s/" + folder + "/sub/b.jpg", 302, "https://bucket.example/" + alice.folder() + "photos/sub/b.jpg"},
		{"fails when a folder link climbs out with ..", "/s/" + folder + "/../report.pdf", 404, ""},
		{"fails when a folder link climbs out with encoded ..", "/s/" + folder + "/%2E%2E/report.pdf", 404, ""},
		{"fails when a folder link has an encoded slash", "/s/" + folder + "/..%2Freport.pdf", 404, ""},
		{"fails when a folder link has //", "/s/" + folder + "//a.jpg", 404, ""},
		{"fails when a folder link reaches a sibling folder", "/s/" + folder + "/../photos-old/c.jpg", 404, ""},
		{"fails when a folder file does not exist", "/s/" + folder + "/nope.jpg", 404, ""},
		{"fails when a file link is used as a folder", "/s/" + file + "/x", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := f.do(nil, "GET", tc.path, nil)
			if resp.Status != tc.status || !strings.HasPrefix(resp.Headers["location"], tc.location) {
				t.Fatalf("want %d %q, got %d %q", tc.status, tc.location, resp.Status, resp.Headers["location"])
			}
			if tc.status == 404 && !bytes.Equal(resp.Body, notFoundPage) {
				t.Fatalf("the 404 page differs: %s", resp.Body)
			}
		})
	}
}

func TestListAndStatus(t *testing.T) {
	f := newFixture(t)
	a := f.share(alice, map[string]any{"key": alice.folder() + "report.pdf", "expiresInDays": 1})
	f.now = f.now.Add(time.Minute)
	b := f.share(alice, map[string]any{"key": alice.folder() + "photos/"})
	f.share(bob, map[string]any{"key": bob.folder() + "secret.txt"})
	f.now = f.now.Add(48 * time.Hour)
	var out struct{ Shares []Share }
	resp := f.do(&alice, "GET", "/api/shares", nil)
	_ = json.Unmarshal(resp.Body, &out)
	if len(out.Shares) != 2 || out.Shares[0].ID != b || out.Shares[1].ID != a {
		t.Fatalf("want alice's two shares newest first, got %s", resp.Body)
	}
	if out.Shares[1].Status != StatusExpired || out.Shares[0].Status != StatusActive || out.Shares[0].URL != "https://site.example/s/"+b {
		t.Fatalf("statuses or url: %s", resp.Body)
	}
}

func TestNamedShares(t *testing.T) {
	f := newFixture(t)
	file := f.share(alice, map[string]any{"key": alice.folder() + "report.pdf", "recipients": []string{"bob@example.com"}})
	folder := f.share(alice, map[string]any{"key": alice.folder() + "photos/", "recipients": []string{"bob@example.com"}})
	revoked := f.share(alice, map[string]any{"key": alice.folder() + "report.pdf", "recipients": []string{"bob@example.com"}})
	f.do(&alice, "DELETE", "/api/shares/"+revoked, nil)
	expired := f.share(alice, map[string]any{"key": alice.folder() + "report.pdf", "recipients": []string{"bob@example.com"}, "expiresInDays": 1})
	f.now = f.now.Add(25 * time.Hour)

	var list struct{ Shares []sharedView }
	_ = json.Unmarshal(f.do(&bob, "GET", "/api/shared-with-me", nil).Body, &list)
	if len(list.Shares) != 2 || list.Shares[0].OwnerEmail != "alice@example.com" {
		t.Fatalf("bob sees the two live shares: %+v", list.Shares)
	}
	for _, u := range []user{carol, dave} {
		_ = json.Unmarshal(f.do(&u, "GET", "/api/shared-with-me", nil).Body, &list)
		if len(list.Shares) != 0 {
			t.Fatalf("%s sees %+v", u.email, list.Shares)
		}
	}
	for _, tc := range []struct {
		name   string
		u      user
		path   string
		status int
	}{
		{"the recipient reads a file", bob, "/api/shared-with-me/" + file + "/url", 200},
		{"the recipient lists a folder", bob, "/api/shared-with-me/" + folder + "/items", 200},
		{"the recipient reads a file in a folder", bob, "/api/shared-with-me/" + folder + "/url?path=sub/b.jpg", 200},
		{"fails when the recipient climbs out of the folder", bob, "/api/shared-with-me/" + folder + "/url?path=../report.pdf", 404},
		{"fails when the path has //", bob, "/api/shared-with-me/" + folder + "/url?path=sub//b.jpg", 404},
		{"fails for the wrong recipient", carol, "/api/shared-with-me/" + file + "/url", 404},
		{"fails for an unverified email", dave, "/api/shared-with-me/" + file + "/url", 404},
		{"fails for the owner too (not a recipient)", alice, "/api/shared-with-me/" + file + "/url", 404},
		{"fails when revoked", bob, "/api/shared-with-me/" + revoked + "/url", 404},
		{"fails when expired", bob, "/api/shared-with-me/" + expired + "/url", 404},
		{"fails for a guessed id", bob, "/api/shared-with-me/" + NewID() + "/url", 404},
		{"fails signed out", user{}, "/api/shared-with-me/" + file + "/url", 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := &tc.u
			if tc.u.token == "" {
				u = nil
			}
			resp := f.do(u, "GET", tc.path, nil)
			if resp.Status != tc.status {
				t.Fatalf("want %d, got %d %s", tc.status, resp.Status, resp.Body)
			}
		})
	}
	// A named share's public link serves nobody's download.
	if resp := f.do(nil, "GET", "/s/"+file, nil); resp.Headers["location"] != "/shared/"+file {
		t.Fatalf("named /s/ link: %d %v", resp.Status, resp.Headers)
	}
}

func TestPassword(t *testing.T) {
	f := newFixture(t)
	id := f.share(alice, map[string]any{"key": alice.folder() + "report.pdf", "password": "correct horse"})
	rec, _, _ := f.store.Get(context.Background(), id)
	if !strings.HasPrefix(rec.PasswordHash, "pbkdf2-sha256$1000$") || strings.Contains(rec.PasswordHash, "correct") {
		t.Fatalf("stored as %q", rec.PasswordHash)
	}
	if resp := f.do(nil, "GET", "/s/"+id, nil); resp.Status != 200 || !strings.Contains(string(resp.Body), `name="password"`) {
		t.Fatalf("a password link shows a form: %d", resp.Status)
	}
	post := func(pw string) Response { return f.do(nil, "POST", "/s/"+id, "password="+pw) }
	if resp := post("wrong"); resp.Status != http.StatusUnauthorized {
		t.Fatalf("fails when the password is wrong: got %d", resp.Status)
	}
	resp := post("correct+horse")
	if resp.Status != http.StatusFound || len(resp.Cookies) != 1 || !strings.Contains(resp.Cookies[0], "Path=/s/"+id) {
		t.Fatalf("the right password: %d %v", resp.Status, resp.Cookies)
	}
	for i := 0; i < MaxPasswordFailures-1; i++ {
		if resp := post("wrong"); resp.Status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: got %d", i, resp.Status)
		}
	}
	if resp := post("wrong"); resp.Status != http.StatusUnauthorized {
		t.Fatalf("the last counted attempt: got %d", resp.Status)
	}
	if resp := post("correct+horse"); resp.Status != http.StatusTooManyRequests {
		t.Fatalf("fails when throttled, even with the right password: got %d", resp.Status)
	}
	f.now = f.now.Add(LockoutDuration)
	if resp := post("correct+horse"); resp.Status != http.StatusFound {
		t.Fatalf("after the lockout: got %d", resp.Status)
	}
}

func TestPasswordFolderTicket(t *testing.T) {
	f := newFixture(t)
	id := f.share(alice, map[string]any{"key": alice.folder() + "photos/", "password": "correct horse"})
	other := f.share(alice, map[string]any{"key": alice.folder() + "photos/", "password": "correct horse"})
	if resp := f.do(nil, "GET", "/s/"+id+"/a.jpg", nil); resp.Headers["location"] != "/s/"+id {
		t.Fatalf("fails without the ticket: %d %v", resp.Status, resp.Headers)
	}
	resp := f.do(nil, "POST", "/s/"+id, "password=correct+horse")
	cookie := strings.Split(resp.Cookies[0], ";")[0]
	get := func(path, cookie string) Response {
		r := Request{Method: "GET", Path: path, Headers: map[string]string{"cookie": cookie}}
		return f.h.Serve(context.Background(), r)
	}
	if resp := get("/s/"+id+"/a.jpg", cookie); resp.Status != http.StatusFound || !strings.HasPrefix(resp.Headers["location"], "https://") {
		t.Fatalf("with the ticket: %d %v", resp.Status, resp.Headers)
	}
	forged := strings.Replace(cookie, "share-"+id, "share-"+other, 1)
	if resp := get("/s/"+other+"/a.jpg", forged); resp.Headers["location"] != "/s/"+other {
		t.Fatalf("fails when a ticket of another share is replayed: %d %v", resp.Status, resp.Headers)
	}
	f.now = f.now.Add(TicketTTL)
	if resp := get("/s/"+id+"/a.jpg", cookie); resp.Headers["location"] != "/s/"+id {
		t.Fatalf("fails when the ticket expired: %d", resp.Status)
	}
}

func TestDrops(t *testing.T) {
	f := newFixture(t)
	drop := f.share(alice, map[string]any{"kind": "drop", "maxBytes": 1000})
	signedIn := f.share(alice, map[string]any{"kind": "drop", "signedInOnly": true})
	link := f.share(alice, map[string]any{"key": alice.folder() + "report.pdf"})
	prefix := alice.folder() + "drop/" + drop + "/"
	for _, tc := range []struct {
		name   string
		u      *user
		path   string
		body   map[string]any
		status int
	}{
		{"an upload into the drop", nil, "/api/drops/" + drop + "/uploads", map[string]any{"name": "cv.pdf", "size": 1000}, 200},
		{"fails when the file is over the limit", nil, "/api/drops/" + drop + "/uploads", map[string]any{"name": "cv.pdf", "size": 1001}, 400},
		{"fails when the name climbs out", nil, "/api/drops/" + drop + "/uploads", map[string]any{"name": "../../" + bob.id + "/x", "size": 1}, 400},
		{"fails when the name has a slash", nil, "/api/drops/" + drop + "/uploads", map[string]any{"name": "sub/x", "size": 1}, 400},
		{"fails when the name is ..", nil, "/api/drops/" + drop + "/uploads", map[string]any{"name": "..", "size": 1}, 400},
		{"fails when the name has an encoded slash", nil, "/api/drops/" + drop + "/uploads", map[string]any{"name": "..%2Fx", "size": 1}, 400},
		{"fails when the name is empty", nil, "/api/drops/" + drop + "/uploads", map[string]any{"name": "", "size": 1}, 400},
		{"fails when the id is a link", nil, "/api/drops/" + link + "/uploads", map[string]any{"name": "x", "size": 1}, 404},
		{"fails when the id is guessed", nil, "/api/drops/" + NewID() + "/uploads", map[string]any{"name": "x", "size": 1}, 404},
		{"fails signed out on a signed-in-only drop", nil, "/api/drops/" + signedIn + "/uploads", map[string]any{"name": "x", "size": 1}, 401},
		{"a signed-in upload", &carol, "/api/drops/" + signedIn + "/signed-in-uploads", map[string]any{"name": "x", "size": 1}, 200},
		{"fails when the signed-in route is called signed out", nil, "/api/drops/" + signedIn + "/signed-in-uploads", map[string]any{"name": "x", "size": 1}, 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := f.do(tc.u, "POST", tc.path, tc.body)
			if resp.Status != tc.status {
				t.Fatalf("want %d, got %d %s", tc.status, resp.Status, resp.Body)
			}
		})
	}
	if len(f.objects.posts) != 2 || f.objects.posts[0] != prefix+"cv.pdf" {
		t.Fatalf("presigned %v", f.objects.posts)
	}
	var info map[string]any
	_ = json.Unmarshal(f.do(nil, "GET", "/api/drops/"+drop, nil).Body, &info)
	if info["maxBytes"] != float64(1000) || info["signedInOnly"] != false {
		t.Fatalf("drop info: %v", info)
	}
	// Nothing lets an uploader list or read: the drop's link is only the page.
	if resp := f.do(nil, "GET", "/s/"+drop+"/cv.pdf", nil); resp.Status != 404 {
		t.Fatalf("reading a dropped file: %d", resp.Status)
	}
	if resp := f.do(nil, "GET", "/api/shared-with-me/"+drop+"/items", nil); resp.Status != 401 {
		t.Fatalf("listing a drop: %d", resp.Status)
	}
}

func TestRoutesRefuseOddPaths(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"/api//shares", "/api/shares/..", "/api/%2Fshares", "/api/nope", "/", "/s/x%2F..", "/other"} {
		if resp := f.do(&alice, "GET", p, nil); resp.Status != 404 {
			t.Errorf("%s: got %d", p, resp.Status)
		}
	}
}

func TestIDs(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		id := NewID()
		if !ValidID(id) || seen[id] {
			t.Fatalf("id %q", id)
		}
		seen[id] = true
	}
	for _, bad := range []string{"", "abc", strings.Repeat("A", 21), strings.Repeat("A", 23), strings.Repeat("*", 22)} {
		if ValidID(bad) {
			t.Errorf("ValidID(%q)", bad)
		}
	}
}
