package site

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/jsii-runtime-go"
)

// forwardHost copies the viewer's Host into X-Forwarded-Host: the origin
// request policy keeps the Host header for the API (API Gateway needs its
// own), and the API names links after the site.
const forwardHost = `function handler(event) {
  var req = event.request;
  req.headers["x-forwarded-host"] = { value: req.headers.host.value };
  return req;
}`

// AddAPI serves an API Gateway API (its execute-api host name) at each
// path pattern of the site, such as "/api/*": on the site's own origin, so
// the app's CSP (connect-src 'self') covers it, and behind the site's web
// ACL. Nothing is cached; every viewer header but Host (so Authorization
// too), every cookie and the query string reach the API, as CloudFront's
// managed AllViewerExceptHostHeader policy forwards them.
func (s *Site) AddAPI(domain *string, patterns ...string) {
	origin := awscloudfrontorigins.NewHttpOrigin(domain, &awscloudfrontorigins.HttpOriginProps{
		ProtocolPolicy:     awscloudfront.OriginProtocolPolicy_HTTPS_ONLY,
		OriginSslProtocols: &[]awscloudfront.OriginSslPolicy{awscloudfront.OriginSslPolicy_TLS_V1_2},
	})
	fn := awscloudfront.NewFunction(s.Construct, jsii.String("ForwardHost"), &awscloudfront.FunctionProps{
		Code:    awscloudfront.FunctionCode_FromInline(jsii.String(forwardHost)),
		Runtime: awscloudfront.FunctionRuntime_JS_2_0(),
		Comment: jsii.String("Tell the API which site host a request came through"),
	})
	for _, p := range patterns {
		s.Distribution.AddBehavior(jsii.String(p), origin, &awscloudfront.AddBehaviorOptions{
			ViewerProtocolPolicy:  awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
			AllowedMethods:        awscloudfront.AllowedMethods_ALLOW_ALL(),
			CachePolicy:           awscloudfront.CachePolicy_CACHING_DISABLED(),
			OriginRequestPolicy:   awscloudfront.OriginRequestPolicy_ALL_VIEWER_EXCEPT_HOST_HEADER(),
			ResponseHeadersPolicy: s.Headers,
			FunctionAssociations: &[]*awscloudfront.FunctionAssociation{{
				EventType: awscloudfront.FunctionEventType_VIEWER_REQUEST, Function: fn}},
		})
	}
}
