package share

import (
	"strings"
	"testing"
)

func TestPageCSPFailsWhenFormActionBlocksThePasswordRedirect(t *testing.T) {
	csp := htmlResponse(200, nil).Headers["content-security-policy"]
	if strings.Contains(csp, "form-action") {
		t.Fatalf("the pages' CSP %q restricts form-action: the password form's 302 to the bucket's presigned GET would be blocked", csp)
	}
	for _, d := range []string{"default-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("the pages' CSP %q lacks %q", csp, d)
		}
	}
}
