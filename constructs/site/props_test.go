package site

import (
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/internal/propdoc"
)

const certificate = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"

func TestValidate(t *testing.T) {
	t.Run("nil props are valid", func(t *testing.T) {
		assert.NoError(t, (*Props)(nil).Validate())
	})
	t.Run("domain names with their certificate are valid", func(t *testing.T) {
		assert.NoError(t, (&Props{DomainNames: jsii.Strings("files.example.com"), CertificateArn: jsii.String(certificate)}).Validate())
	})
	cases := []struct {
		name, key, rule string
		props           Props
	}{
		{"fails when domain names have no certificate", "CertificateArn", "must be set", Props{DomainNames: jsii.Strings("files.example.com")}},
		{"fails when a certificate has no domain names", "DomainNames", "must name", Props{CertificateArn: jsii.String(certificate)}},
		{"fails when the certificate is not in us-east-1", "CertificateArn", "us-east-1",
			Props{DomainNames: jsii.Strings("files.example.com"), CertificateArn: jsii.String(strings.Replace(certificate, "us-east-1", "eu-west-1", 1))}},
		{"fails when a domain name has uppercase", "DomainNames", "lowercase host name",
			Props{DomainNames: jsii.Strings("Files.Example.com"), CertificateArn: jsii.String(certificate)}},
		{"fails when a connect source is not https", "ConnectSources", "must use https", Props{ConnectSources: jsii.Strings("http://api.example.com")}},
		{"fails when a media source is not https", "MediaSources", "must use https", Props{MediaSources: jsii.Strings("http://files.example.com")}},
		{"fails when logs are kept too long", "LogsRetentionDays", "from 1 to 3650", Props{LogsRetentionDays: jsii.Number(4000)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.props.Validate()
			require.Error(t, err)
			assert.True(t, strings.Contains(err.Error(), c.key+": ") && strings.Contains(err.Error(), c.rule), err.Error())
		})
	}
}

func TestContentSecurityPolicy(t *testing.T) {
	sources := []string{"https://cognito-idp.eu-west-1.amazonaws.com", "https://files-data.s3.eu-west-1.amazonaws.com"}
	media := []string{"https://files-data.s3.eu-west-1.amazonaws.com"}
	csp := ContentSecurityPolicy(sources, media)
	directive := func(csp, name string) string {
		for _, d := range strings.Split(csp, ";") {
			if strings.HasPrefix(strings.TrimSpace(d), name+" ") {
				return strings.TrimSpace(d)
			}
		}
		return ""
	}
	connect := directive(csp, "connect-src")
	t.Run("fails when code may run inline or from eval", func(t *testing.T) {
		assert.NotContains(t, csp, "'unsafe-inline'")
		assert.NotContains(t, csp, "'unsafe-eval'")
		assert.Contains(t, csp, "script-src 'self';")
		assert.Contains(t, csp, "default-src 'none'")
	})
	t.Run("connect-src is the site and exactly the given sources", func(t *testing.T) {
		assert.Equal(t, "connect-src 'self' "+strings.Join(sources, " "), connect)
	})
	t.Run("no sources leaves only the site", func(t *testing.T) {
		assert.Contains(t, ContentSecurityPolicy(nil, nil), "connect-src 'self';")
		assert.Equal(t, "img-src 'self' data: blob:", directive(ContentSecurityPolicy(nil, nil), "img-src"))
		assert.NotContains(t, ContentSecurityPolicy(nil, nil), "media-src")
	})
	t.Run("images and media are widened by exactly the media sources, scripts are not", func(t *testing.T) {
		assert.Equal(t, "img-src 'self' data: blob: "+media[0], directive(csp, "img-src"))
		assert.Equal(t, "media-src "+media[0], directive(csp, "media-src"))
		for _, d := range []string{"script-src", "style-src", "font-src", "object-src", "frame-ancestors", "base-uri", "form-action"} {
			assert.NotContains(t, directive(csp, d), media[0], d)
		}
		assert.Equal(t, "object-src 'none'", directive(csp, "object-src"))
	})
	t.Run("fails when the site may be framed", func(t *testing.T) {
		assert.Contains(t, csp, "frame-ancestors 'none'")
	})
}

func TestPropDocs(t *testing.T) {
	propdoc.Check(t, ".", "Props", map[string]check.Rule{
		"DomainNames": DomainNamesRule, "LogsRetentionDays": LogsRetentionDaysRule, "Waf": WafRule, "WafRateLimit": WafRateLimitRule,
	})
}
