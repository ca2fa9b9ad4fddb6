// Package site hosts the browser app: a private bucket served only through
// a CloudFront distribution (Origin Access Control), HTTPS only, with strict
// security headers; and Content, which deploys the app's files and its
// runtime config.json.
package site

import (
	_ "embed"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awswafv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/internal/buckets"
	"github.com/privatefolders/privatefolders/internal/nag"
)

//go:embed spa.js
var spaRewrite string

// Site is the site bucket, the distribution in front of it and its policies.
type Site struct {
	constructs.Construct
	// Bucket holds the app's files; only the distribution can read it.
	Bucket awss3.Bucket
	// LogsBucket receives the site bucket's and the distribution's access logs.
	LogsBucket awss3.IBucket
	// Headers is the response headers policy (CSP, HSTS, frame denial, ...).
	Headers awscloudfront.ResponseHeadersPolicy
	// SpaRewrite sends client-side routes to /index.html.
	SpaRewrite awscloudfront.Function
	// WebACL filters requests to the distribution; nil unless Props.Waf.
	WebACL awswafv2.CfnWebACL
	// Distribution serves the app over HTTPS.
	Distribution awscloudfront.Distribution
	// URL is the site's address with a trailing slash, such as
	// "https://d111111abcdef8.cloudfront.net/" (or the first custom domain).
	URL *string
	// Origin is the site's origin, such as "https://d111111abcdef8.cloudfront.net".
	Origin *string
}

// New creates the site bucket, headers policy, rewrite function and
// distribution. It panics with every problem in props (see Props.Validate).
func New(scope constructs.Construct, id *string, props *Props) *Site {
	if err := props.Validate(); err != nil {
		panic(err)
	}
	p := withDefaults(props)
	s := &Site{Construct: constructs.NewConstruct(scope, id)}
	s.LogsBucket = p.LogsBucket
	if s.LogsBucket == nil {
		s.LogsBucket = buckets.NewLogs(s.Construct, jsii.String("LogsBucket"), p.LogsRetentionDays, p.RemovalPolicy)
	}
	s.Bucket = newSiteBucket(s, p)
	s.Headers = newHeaders(s, p)
	s.SpaRewrite = awscloudfront.NewFunction(s.Construct, jsii.String("SpaRewrite"), &awscloudfront.FunctionProps{
		Code:    awscloudfront.FunctionCode_FromInline(jsii.String(spaRewrite)),
		Runtime: awscloudfront.FunctionRuntime_JS_2_0(),
		Comment: jsii.String("Serve index.html for client-side routes"),
	})
	s.Distribution = newDistribution(s, p)
	host := s.Distribution.DistributionDomainName()
	if len(*p.DomainNames) > 0 {
		host = (*p.DomainNames)[0]
	}
	s.Origin = jsii.String("https://" + *host)
	s.URL = jsii.String(*s.Origin + "/")
	return s
}

// newSiteBucket creates the private bucket for the app's files. It is not
// versioned: its content is a build output, redeployed whole from source by
// every deploy, so old versions would only cost money.
func newSiteBucket(s *Site, p Props) awss3.Bucket {
	b := awss3.NewBucket(s.Construct, jsii.String("Bucket"), buckets.Hardened(&awss3.BucketProps{
		ObjectOwnership:        awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		ServerAccessLogsBucket: s.LogsBucket,
		ServerAccessLogsPrefix: jsii.String("site-bucket/"),
		RemovalPolicy:          p.RemovalPolicy,
		AutoDeleteObjects:      jsii.Bool(p.RemovalPolicy == awscdk.RemovalPolicy_DESTROY),
	}))
	buckets.SuppressSSES3(b)
	nag.Suppress(b, nag.ForPacks("S3BucketVersioningEnabled",
		"The site bucket holds a build of web/, redeployed whole from source control on every deploy; its history is the repository's.")...)
	nag.Suppress(b, nag.ForPacks("S3BucketReplicationEnabled",
		"The site bucket holds a build of web/ that any deploy recreates from source; there is nothing in it to lose.")...)
	return b
}

func newHeaders(s *Site, p Props) awscloudfront.ResponseHeadersPolicy {
	connect := derefAll(*p.ConnectSources)
	media := derefAll(*p.MediaSources)
	override := jsii.Bool(true)
	return awscloudfront.NewResponseHeadersPolicy(s.Construct, jsii.String("Headers"), &awscloudfront.ResponseHeadersPolicyProps{
		Comment: jsii.String("Security headers for the private-folders web app"),
		SecurityHeadersBehavior: &awscloudfront.ResponseSecurityHeadersBehavior{
			ContentSecurityPolicy: &awscloudfront.ResponseHeadersContentSecurityPolicy{
				ContentSecurityPolicy: jsii.String(ContentSecurityPolicy(connect, media)),
				Override:              override,
			},
			StrictTransportSecurity: &awscloudfront.ResponseHeadersStrictTransportSecurity{
				AccessControlMaxAge: awscdk.Duration_Days(jsii.Number(730)),
				IncludeSubdomains:   jsii.Bool(true),
				Override:            override,
			},
			ContentTypeOptions: &awscloudfront.ResponseHeadersContentTypeOptions{Override: override},
			FrameOptions: &awscloudfront.ResponseHeadersFrameOptions{
				FrameOption: awscloudfront.HeadersFrameOption_DENY,
				Override:    override,
			},
			ReferrerPolicy: &awscloudfront.ResponseHeadersReferrerPolicy{
				ReferrerPolicy: awscloudfront.HeadersReferrerPolicy_NO_REFERRER,
				Override:       override,
			},
		},
		CustomHeadersBehavior: &awscloudfront.ResponseCustomHeadersBehavior{
			CustomHeaders: &[]*awscloudfront.ResponseCustomHeader{
				{Header: jsii.String("Permissions-Policy"), Value: jsii.String("camera=(), microphone=(), geolocation=(), payment=(), usb=()"), Override: override},
				{Header: jsii.String("Cross-Origin-Opener-Policy"), Value: jsii.String("same-origin"), Override: override},
			},
		},
	})
}

func newDistribution(s *Site, p Props) awscloudfront.Distribution {
	props := &awscloudfront.DistributionProps{
		Comment: jsii.String("Private folders web app"),
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:                awscloudfrontorigins.S3BucketOrigin_WithOriginAccessControl(s.Bucket, nil),
			ViewerProtocolPolicy:  awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
			AllowedMethods:        awscloudfront.AllowedMethods_ALLOW_GET_HEAD(),
			CachePolicy:           awscloudfront.CachePolicy_CACHING_OPTIMIZED(),
			ResponseHeadersPolicy: s.Headers,
			Compress:              jsii.Bool(true),
			FunctionAssociations: &[]*awscloudfront.FunctionAssociation{{
				EventType: awscloudfront.FunctionEventType_VIEWER_REQUEST,
				Function:  s.SpaRewrite,
			}},
		},
		DefaultRootObject: jsii.String("index.html"),
		HttpVersion:       awscloudfront.HttpVersion_HTTP2_AND_3,
		EnableLogging:     jsii.Bool(true),
		LogBucket:         s.LogsBucket,
		LogFilePrefix:     jsii.String("cloudfront/"),
	}
	switch {
	case *p.Waf:
		s.WebACL = newWebACL(s, p)
		props.WebAclId = s.WebACL.AttrArn()
	case p.WebAclArn != nil:
		props.WebAclId = p.WebAclArn
	}
	if len(*p.DomainNames) > 0 {
		props.DomainNames = p.DomainNames
		props.Certificate = awscertificatemanager.Certificate_FromCertificateArn(s.Construct, jsii.String("Certificate"), p.CertificateArn)
		props.MinimumProtocolVersion = awscloudfront.SecurityPolicyProtocol_TLS_V1_2_2021
	}
	d := awscloudfront.NewDistribution(s.Construct, jsii.String("Distribution"), props)
	if len(*p.DomainNames) == 0 {
		nag.Suppress(d, nag.Rule{
			ID: "AwsSolutions-CFR4",
			Reason: "Served on its *.cloudfront.net name, whose certificate CloudFront fixes at the TLSv1 policy; " +
				"set domainNames and certificateArn to require TLSv1.2_2021.",
		})
	}
	return d
}

// derefAll dereferences a list of strings.
func derefAll(list []*string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = *s
	}
	return out
}
