package check

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProblems(t *testing.T) {
	t.Run("no problems is a nil error", func(t *testing.T) {
		var ps Problems
		assert.NoError(t, ps.Err())
	})
	t.Run("every problem is reported on its own line with field, rule and value", func(t *testing.T) {
		var ps Problems
		ps.Add("domainPrefix", "My_App", "must be lowercase")
		ps.Add("mfa", "maybe", "must be one of off, optional, required")
		err := ps.Err()
		require.Error(t, err)
		lines := strings.Split(err.Error(), "\n")
		assert.Equal(t, []string{
			`domainPrefix: must be lowercase (received: "My_App")`,
			`mfa: must be one of off, optional, required (received: "maybe")`,
		}, lines)
	})
	t.Run("merge flattens nested errors", func(t *testing.T) {
		var inner Problems
		inner.Add("a", 1, "must be 2")
		var outer Problems
		outer.Merge(inner.Err())
		outer.Merge(nil)
		outer.Merge(errors.New("boom"))
		var e *Error
		require.ErrorAs(t, outer.Err(), &e)
		assert.Len(t, e.Problems, 2)
		assert.Equal(t, "a", e.Problems[0].Field)
	})
}

func TestIsToken(t *testing.T) {
	assert.True(t, IsToken("${Token[AWS.AccountId.6]}"))
	assert.True(t, IsToken("app-${Token[AWS.AccountId.6]}"))
	assert.False(t, IsToken("plain-value"))
	assert.True(t, LooksLikeToken("#{Token[X.1]}"), "a list token's text")
	assert.False(t, LooksLikeToken("${Tok"))
	assert.True(t, IsTokenNumber(-1.8881545897087626e+289))
	assert.False(t, IsTokenNumber(30))
	assert.False(t, IsTokenNumber(-5))
}

func TestRules(t *testing.T) {
	var ps Problems
	mfa, days := Choice{Allowed: []string{"off", "optional"}}, Whole{Min: 1, Max: 365}
	mfa.Check(&ps, "mfa", "off")
	days.Check(&ps, "days", 30)
	days.Check(&ps, "days", -1.8881545897087626e+289)
	assert.NoError(t, ps.Err(), "valid values and tokens pass")

	mfa.Check(&ps, "mfa", "maybe")
	days.Check(&ps, "days", 0)
	days.Check(&ps, "days", 1.5)
	assert.EqualError(t, ps.Err(), `mfa: must be one of off, optional (received: "maybe")
days: must be a whole number from 1 to 365 (received: 0)
days: must be a whole number from 1 to 365 (received: 1.5)`)
}

func TestMergeRenamedAndDedup(t *testing.T) {
	var part Problems
	part.Add("DomainNames", "x", "must be a host name")
	part.Add("CertificateArn", "", "must be set when DomainNames are", "DomainNames")
	var ps Problems
	ps.MergeRenamed(part.Err(), Under("Site"))
	ps.Add("Site.DomainNames", "x", "must be a host name")
	var e *Error
	require.ErrorAs(t, ps.Err(), &e)
	require.Len(t, e.Problems, 2, "the duplicate is reported once")
	assert.Equal(t, "Site.DomainNames", e.Problems[0].Field)
	t.Run("fails when a rule's reference to another field is not renamed with it", func(t *testing.T) {
		assert.Equal(t, "Site.CertificateArn", e.Problems[1].Field)
		assert.Equal(t, "must be set when Site.DomainNames are", e.Problems[1].Rule)
		assert.Equal(t, []string{"Site.DomainNames"}, e.Problems[1].Refs)
	})
	t.Run("only whole names are renamed", func(t *testing.T) {
		p := Problem{Field: "Waf", Rule: "must be off when WafWebAclArn is set; Waf.x and Waf stay apart", Refs: []string{"Waf"}}
		assert.Equal(t, "must be off when WafWebAclArn is set; Waf.x and Site.Waf stay apart", p.Renamed(Under("Site")).Rule)
	})
}

func TestRuleValues(t *testing.T) {
	w := Whole{Min: 100, Max: 2000000000, Default: 2000}
	assert.Equal(t, "100–2,000,000,000", w.AllowedText())
	assert.Equal(t, "`2000`", w.DefaultText())
	assert.Equal(t, 2000.0, *w.Or(nil))
	assert.Equal(t, "off", Whole{Min: 1, Max: 9, Unset: "off"}.DefaultText())
	c := Choice{Allowed: []string{"a", "b"}, Default: "a", Why: "b is for later"}
	assert.Equal(t, "`a`, `b`", c.AllowedText())
	var ps Problems
	c.Check(&ps, "Plan", "c")
	assert.EqualError(t, ps.Err(), `Plan: must be one of a, b: b is for later (received: "c")`)
	assert.Equal(t, "`true`", Flag{Default: true}.DefaultText())
	assert.True(t, *Flag{Default: true}.Or(nil))
	assert.Equal(t, "x/", *Text{Default: "x/"}.Or(nil))
}
