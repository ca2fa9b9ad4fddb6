package auth

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/internal/check"
)

func TestValidate(t *testing.T) {
	valid := func() *Props { return &Props{CallbackUrls: jsii.Strings("https://app.example.com/")} }
	t.Run("nil props name only the missing callback URL", func(t *testing.T) {
		var e *check.Error
		require.True(t, errors.As((*Props)(nil).Validate(), &e))
		require.Len(t, e.Problems, 1)
		assert.Equal(t, "callbackUrls", e.Problems[0].Field)
	})
	t.Run("defaults with a callback URL are valid", func(t *testing.T) {
		assert.NoError(t, valid().Validate())
	})
	t.Run("deploy-time values are not checked", func(t *testing.T) {
		p := valid()
		p.DomainPrefix = jsii.String("${Token[TOKEN.42]}")
		assert.NoError(t, p.Validate())
	})
	cases := []struct {
		name, key, rule string
		set             func(p *Props)
	}{
		{"fails when mfa is not a mode", "mfa", "must be one of", func(p *Props) { p.Mfa = jsii.String("sms") }},
		{"fails when the plan is lite", "featurePlan", "must be essentials or plus", func(p *Props) { p.FeaturePlan = jsii.String(PlanLite) }},
		{"fails when passwords may be short", "passwordMinLength", "from 8 to 99", func(p *Props) { p.PasswordMinLength = jsii.Number(6) }},
		{"fails when the domain prefix says cognito", "domainPrefix", `must not contain "cognito"`, func(p *Props) { p.DomainPrefix = jsii.String("my-cognito") }},
		{"fails when a callback URL has a fragment", "callbackUrls", "fragment", func(p *Props) { p.CallbackUrls = jsii.Strings("https://app.example.com/#x") }},
		{"fails when a callback URL uses http on a public host", "callbackUrls", "must use https", func(p *Props) { p.CallbackUrls = jsii.Strings("http://app.example.com/") }},
		{"fails when refresh tokens last too long", "refreshTokenValidityDays", "from 1 to 3650", func(p *Props) { p.RefreshTokenValidityDays = jsii.Number(3651) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := valid()
			c.set(p)
			err := p.Validate()
			require.Error(t, err)
			assert.True(t, strings.Contains(err.Error(), c.key+": ") && strings.Contains(err.Error(), c.rule), err.Error())
		})
	}
}
