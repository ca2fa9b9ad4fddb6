package share

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// hashPassword is PBKDF2-HMAC-SHA256 with a random salt, stored as
// "pbkdf2-sha256$<iterations>$<salt>$<hash>".
func hashPassword(password string, iterations int) string {
	salt := randomString(16)
	sum := pbkdf2Key(password, salt, iterations)
	return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", iterations, salt, base64.RawURLEncoding.EncodeToString(sum))
}

func pbkdf2Key(password, salt string, iterations int) []byte {
	k, err := pbkdf2.Key(sha256.New, password, []byte(salt), iterations, 32)
	if err != nil {
		panic(err) // only for parameters FIPS mode refuses; ours are fixed
	}
	return k
}

// checkPassword reports whether password matches stored, in constant time.
func checkPassword(stored, password string) bool {
	parts := strings.Split(stored, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return false
	}
	iterations, err := strconv.Atoi(parts[1])
	if err != nil || iterations < 1 {
		return false
	}
	want, err := base64.RawURLEncoding.DecodeString(parts[3])
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare(pbkdf2Key(password, parts[2], iterations), want) == 1
}

// TicketTTL is how long a right password opens a link in that browser.
const TicketTTL = time.Hour

// ticket is the cookie value a right password sets: its expiry and an
// HMAC of the share id and expiry under the share's own secret, so a
// ticket opens one share only and dies with it.
func ticket(rec Record, exp time.Time) string {
	e := strconv.FormatInt(exp.Unix(), 10)
	return e + "." + ticketMAC(rec, e)
}

func ticketMAC(rec Record, exp string) string {
	m := hmac.New(sha256.New, []byte(rec.TicketSecret))
	m.Write([]byte(rec.ID + "." + exp))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func validTicket(rec Record, value string, now time.Time) bool {
	exp, mac, ok := strings.Cut(value, ".")
	if !ok || rec.TicketSecret == "" {
		return false
	}
	sec, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || !now.Before(time.Unix(sec, 0)) {
		return false
	}
	return hmac.Equal([]byte(mac), []byte(ticketMAC(rec, exp)))
}

func ticketCookieName(id string) string { return "share-" + id }

// cookie is the named cookie's value in the request's Cookie header(s).
func (r Request) cookie(name string) string {
	for _, part := range strings.Split(r.header("cookie"), ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && k == name {
			return v
		}
	}
	return ""
}
