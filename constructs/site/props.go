package site

import (
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/internal/buckets"
	"github.com/privatefolders/privatefolders/internal/urls"
)

// Props configures Site. The zero value is valid. Each prop's default and
// range is also exported as a rule value (LogsRetentionDaysRule,
// WafRateLimitRule, ...), which New applies.
type Props struct {
	// ConnectSources are the origins the web app may call besides itself
	// (the Content-Security-Policy connect-src), such as
	// "https://cognito-idp.eu-west-1.amazonaws.com". Each is an https origin.
	// Default: none; the app may call only its own origin.
	ConnectSources *[]*string
	// MediaSources are the origins the web app may show images, audio and
	// video from besides itself (the Content-Security-Policy img-src and
	// media-src), such as the data bucket's
	// "https://<bucket>.s3.eu-west-1.amazonaws.com" for previews by
	// presigned URL. Each is an https origin. Default: none; images only
	// from the site itself, no audio or video.
	MediaSources *[]*string
	// DomainNames are custom domain names for the distribution. They need
	// CertificateArn. Default: none; the site is served on its
	// *.cloudfront.net name.
	DomainNames *[]*string
	// CertificateArn is an ACM certificate in us-east-1 covering DomainNames;
	// with it viewers must use TLS 1.2 or later. Default: none.
	CertificateArn *string
	// LogsBucket receives the site bucket's and the distribution's access
	// logs; it must allow ACLs for its owner (CloudFront standard logging).
	// Default: a new private logs bucket.
	LogsBucket awss3.IBucket
	// LogsRetentionDays is how long logs are kept in the logs bucket this
	// construct creates, 1 to 3650. Default: 365.
	LogsRetentionDays *float64
	// Waf puts an AWS WAF web ACL in front of the distribution: a rate limit
	// per client address (WafRateLimit) and AWS's managed rule groups for
	// common exploits, known bad inputs and IP reputation. The stack must
	// be deployed in us-east-1 (CloudFront's WAF region); otherwise attach
	// an existing web ACL with WebAclArn. Default: false.
	Waf *bool
	// WafRateLimit is how many requests one client address may send in five
	// minutes before it is blocked, 100 to 2,000,000,000. Default: 2000.
	WafRateLimit *float64
	// WebAclArn attaches an existing AWS WAF web ACL (CLOUDFRONT scope, made
	// in us-east-1) to the distribution. Default: none.
	WebAclArn *string
	// RemovalPolicy applies to the site bucket (and the logs bucket this
	// construct creates). Default: RETAIN.
	RemovalPolicy awscdk.RemovalPolicy
}

// The rules of Props: each prop's default and accepted values, as New
// applies them.
var (
	// DomainNamesRule is what unset DomainNames mean.
	DomainNamesRule = check.Text{Unset: "none (the `*.cloudfront.net` name)"}
	// LogsRetentionDaysRule is LogsRetentionDays's range and default, shared with storage.
	LogsRetentionDaysRule = buckets.LogsRetentionDays
	// WafRule is Waf's default.
	WafRule = check.Flag{Default: false}
	// WafRateLimitRule is WafRateLimit's range and default.
	WafRateLimitRule = check.Whole{Min: 100, Max: 2000000000, Default: 2000}
)

func withDefaults(props *Props) Props {
	p := Props{}
	if props != nil {
		p = *props
	}
	if p.ConnectSources == nil {
		p.ConnectSources = &[]*string{}
	}
	if p.MediaSources == nil {
		p.MediaSources = &[]*string{}
	}
	if p.DomainNames == nil {
		p.DomainNames = &[]*string{}
	}
	p.Waf = WafRule.Or(p.Waf)
	p.WafRateLimit = WafRateLimitRule.Or(p.WafRateLimit)
	p.LogsRetentionDays = LogsRetentionDaysRule.Or(p.LogsRetentionDays)
	if p.RemovalPolicy == "" {
		p.RemovalPolicy = awscdk.RemovalPolicy_RETAIN
	}
	return p
}

var (
	hostnameRule  = regexp.MustCompile(`^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	webACLArnRule = regexp.MustCompile(`^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global/webacl/[\w-]+/[0-9a-f-]+$`)
	acmArnRule    = regexp.MustCompile(`^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate/[0-9a-f-]{36}$`)
)

// Validate reports every problem with p (nil is valid), each naming its
// prop ("DomainNames"). It is pure and skips unresolved tokens.
func (props *Props) Validate() error {
	p := withDefaults(props)
	var ps check.Problems
	for _, s := range *p.ConnectSources {
		urls.CheckOrigin(&ps, "ConnectSources", *s)
	}
	for _, s := range *p.MediaSources {
		urls.CheckOrigin(&ps, "MediaSources", *s)
	}
	for _, d := range *p.DomainNames {
		if !check.IsToken(*d) && !hostnameRule.MatchString(*d) {
			ps.Add("DomainNames", *d, "must be a lowercase host name such as files.example.com")
		}
	}
	hasCert := p.CertificateArn != nil && *p.CertificateArn != ""
	switch {
	case len(*p.DomainNames) > 0 && !hasCert:
		ps.Add("CertificateArn", "", "must be set when DomainNames are: CloudFront needs a certificate for them", "DomainNames")
	case hasCert && len(*p.DomainNames) == 0:
		ps.Add("DomainNames", "[]", "must name the certificate's domains when CertificateArn is set", "CertificateArn")
	}
	if hasCert && !check.IsToken(*p.CertificateArn) && !acmArnRule.MatchString(*p.CertificateArn) {
		ps.Add("CertificateArn", *p.CertificateArn, "must be an ACM certificate ARN in us-east-1 (CloudFront's region)")
	}
	LogsRetentionDaysRule.Check(&ps, "LogsRetentionDays", *p.LogsRetentionDays)
	WafRateLimitRule.Check(&ps, "WafRateLimit", *p.WafRateLimit)
	if p.WebAclArn != nil && !check.IsToken(*p.WebAclArn) {
		if !webACLArnRule.MatchString(*p.WebAclArn) {
			ps.Add("WebAclArn", *p.WebAclArn, "must be a WAFv2 web ACL ARN of CLOUDFRONT scope: arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>")
		}
		if *p.Waf {
			ps.Add("Waf", true, "must be off when WebAclArn attaches an existing web ACL: a distribution has one", "WebAclArn")
		}
	}
	return ps.Err()
}
