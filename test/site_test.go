package test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// distributionConfig is the site distribution's logical id and DistributionConfig.
func distributionConfig(t testing.TB, s *synthesized) (string, map[string]any) {
	id := idOf(s.stack.System.Site.Distribution)
	cfg, _ := props(resource(t, s, "AWS::CloudFront::Distribution", id))["DistributionConfig"].(map[string]any)
	require.NotNil(t, cfg)
	return id, cfg
}

// directives splits a Content-Security-Policy into its directives, by name.
func directives(csp string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(csp, ";") {
		if f := strings.Fields(d); len(f) > 0 {
			out[f[0]] = f[1:]
		}
	}
	return out
}

func TestSiteBucket(t *testing.T) {
	s := defaults(t)
	siteID := idOf(s.stack.System.Site.Bucket)
	distID, _ := distributionConfig(t, s)
	t.Run("private and encrypted", func(t *testing.T) {
		privateAndEncrypted(t, resource(t, s, "AWS::S3::Bucket", siteID))
	})
	t.Run("fails when any bucket is a website", func(t *testing.T) {
		for _, c := range both(t) {
			for id, b := range resources(t, c.s, "AWS::S3::Bucket") {
				assert.Nil(t, props(b)["WebsiteConfiguration"], "%s: bucket %s", c.name, id)
			}
		}
	})
	t.Run("only CloudFront, for this distribution, may read objects", func(t *testing.T) {
		var allows []map[string]any
		for _, st := range list(path(props(bucketPolicy(t, s, siteID)), "PolicyDocument", "Statement")) {
			if st.(map[string]any)["Effect"] == "Allow" {
				allows = append(allows, st.(map[string]any))
			}
		}
		require.Len(t, allows, 1)
		allow := allows[0]
		assert.Equal(t, map[string]any{"Service": "cloudfront.amazonaws.com"}, allow["Principal"])
		assert.Equal(t, []string{"s3:GetObject"}, strs(allow["Action"]))
		assert.Equal(t, []string{"<" + siteID + ".Arn>/*"}, []string{render(allow["Resource"])})
		source := path(allow, "Condition", "StringEquals", "AWS:SourceArn")
		require.NotNil(t, source)
		assert.True(t, refersTo(source, distID), "AWS:SourceArn names the distribution: %v", source)
	})
}

func TestDistribution(t *testing.T) {
	s := defaults(t)
	_, cfg := distributionConfig(t, s)
	behavior := cfg["DefaultCacheBehavior"].(map[string]any)
	t.Run("index.html at the root, HTTPS only, HTTP/2 and 3", func(t *testing.T) {
		assert.Equal(t, "index.html", cfg["DefaultRootObject"])
		assert.Equal(t, "redirect-to-https", behavior["ViewerProtocolPolicy"])
		assert.Equal(t, "http2and3", cfg["HttpVersion"])
	})
	t.Run("client-side routes are rewritten to index.html on viewer request", func(t *testing.T) {
		fnID := idOf(s.stack.System.Site.SpaRewrite)
		assert.Contains(t, list(behavior["FunctionAssociations"]), map[string]any{
			"EventType":   "viewer-request",
			"FunctionARN": map[string]any{"Fn::GetAtt": []any{fnID, "FunctionARN"}},
		})
		code, _ := props(resource(t, s, "AWS::CloudFront::Function", fnID))["FunctionCode"].(string)
		assert.Contains(t, code, "index.html")
	})
	t.Run("the security headers policy applies", func(t *testing.T) {
		assert.Equal(t, map[string]any{"Ref": idOf(s.stack.System.Site.Headers)}, behavior["ResponseHeadersPolicyId"])
	})
	t.Run("fails when an origin is reached without Origin Access Control", func(t *testing.T) {
		origins := list(cfg["Origins"])
		require.NotEmpty(t, origins)
		for _, o := range origins {
			assert.NotNil(t, o.(map[string]any)["OriginAccessControlId"])
			assert.Nil(t, o.(map[string]any)["CustomOriginConfig"])
		}
	})
	t.Run("access logs go to the logs bucket", func(t *testing.T) {
		logsID, _ := logsBucket(t, s)
		assert.True(t, refersTo(path(cfg, "Logging", "Bucket"), logsID), "Logging: %v", cfg["Logging"])
	})
}

func TestSecurityHeaders(t *testing.T) {
	for _, c := range both(t) {
		s := c.s
		headers := path(props(resource(t, s, "AWS::CloudFront::ResponseHeadersPolicy", idOf(s.stack.System.Site.Headers))),
			"ResponseHeadersPolicyConfig", "SecurityHeadersConfig").(map[string]any)
		csp := render(path(headers, "ContentSecurityPolicy", "ContentSecurityPolicy"))
		d := directives(csp)
		t.Run(c.name+": fails when the CSP allows inline or eval'd code", func(t *testing.T) {
			assert.Equal(t, true, path(headers, "ContentSecurityPolicy", "Override"))
			assert.NotContains(t, csp, "'unsafe-inline'")
			assert.NotContains(t, csp, "'unsafe-eval'")
			assert.Equal(t, []string{"'self'"}, d["script-src"])
			assert.Equal(t, []string{"'none'"}, d["frame-ancestors"])
		})
		t.Run(c.name+": connect-src is exactly the site, the login domain, the identity pool and the data bucket", func(t *testing.T) {
			region := render(outputs(s)["Region"]["Value"])
			_, domain := only(t, s, "AWS::Cognito::UserPoolDomain")
			_, data := dataBucket(t, s)
			assert.ElementsMatch(t, d["connect-src"], []string{
				"'self'",
				"https://cognito-identity." + region + ".amazonaws.com",
				"https://" + render(props(domain)["Domain"]) + ".auth." + region + ".amazoncognito.com",
				"https://" + render(props(data)["BucketName"]) + ".s3." + region + ".amazonaws.com",
			}, "CSP: %s", csp)
		})
		t.Run(c.name+": img-src and media-src add exactly the data bucket's origin, script-src stays 'self'", func(t *testing.T) {
			region := render(outputs(s)["Region"]["Value"])
			_, data := dataBucket(t, s)
			origin := "https://" + render(props(data)["BucketName"]) + ".s3." + region + ".amazonaws.com"
			assert.Equal(t, []string{"'self'", "data:", "blob:", origin}, d["img-src"], "CSP: %s", csp)
			assert.Equal(t, []string{origin}, d["media-src"], "CSP: %s", csp)
			for _, name := range []string{"script-src", "style-src", "default-src", "object-src", "frame-ancestors", "font-src"} {
				assert.NotContains(t, d[name], origin, name)
			}
			assert.Nil(t, d["frame-src"], "no frames: previews never embed a document")
			assert.Nil(t, d["worker-src"], "workers (the PDF renderer's, the download service worker) fall back to script-src 'self'")
		})
		t.Run(c.name+": HSTS for at least a year, no sniffing, no framing, a referrer policy", func(t *testing.T) {
			assert.GreaterOrEqual(t, path(headers, "StrictTransportSecurity", "AccessControlMaxAgeSec"), float64(365*24*3600))
			assert.NotNil(t, headers["ContentTypeOptions"])
			assert.Equal(t, "DENY", path(headers, "FrameOptions", "FrameOption"))
			assert.NotEmpty(t, path(headers, "ReferrerPolicy", "ReferrerPolicy"))
		})
	}
}

func TestContent(t *testing.T) {
	s := defaults(t)
	sys := s.stack.System
	_, deployment := only(t, s, "Custom::CDKBucketDeployment")
	p := props(deployment)
	t.Run("deploys to the site bucket, prunes, invalidates the distribution", func(t *testing.T) {
		assert.Equal(t, map[string]any{"Ref": idOf(sys.Site.Bucket)}, p["DestinationBucketName"])
		assert.Equal(t, true, p["Prune"])
		assert.Equal(t, map[string]any{"Ref": idOf(sys.Site.Distribution)}, p["DistributionId"])
	})
	t.Run("config.json is filled at deploy time with the resources' ids", func(t *testing.T) {
		for name, id := range map[string]string{
			"user pool":        idOf(sys.Auth.UserPool),
			"app client":       idOf(sys.Auth.Client),
			"identity pool":    idOf(sys.Auth.IdentityPool),
			"data bucket":      idOf(sys.Storage.Bucket),
			"user pool domain": idOf(sys.Auth.Domain),
		} {
			assert.True(t, refersTo(p["SourceMarkers"], id), "config.json does not name the %s (%s)", name, id)
		}
	})
	t.Run("config.json has every key the web app reads", func(t *testing.T) {
		keys := make([]string, 0, len(sys.Config))
		for k := range sys.Config {
			keys = append(keys, k)
		}
		assert.ElementsMatch(t, []string{"version", "region", "userPoolId", "userPoolClientId", "identityPoolId",
			"oidcIssuer", "loginDomain", "scopes", "bucket", "ownerPrefix", "ownerKey", "noncurrentVersionExpirationDays"}, keys)
	})
	t.Run("config.json tells how long old versions stay restorable, as the lifecycle rule keeps them", func(t *testing.T) {
		for _, c := range []struct {
			s    *synthesized
			days float64
		}{{s, 30}, {variant(t), 90}} {
			_, b := dataBucket(t, c.s)
			rule := lifecycleRule(t, b, "NoncurrentVersionExpiration")
			assert.EqualValues(t, path(rule, "NoncurrentVersionExpiration", "NoncurrentDays"), *c.s.stack.System.Config["noncurrentVersionExpirationDays"].(*float64))
			assert.EqualValues(t, c.days, *c.s.stack.System.Config["noncurrentVersionExpirationDays"].(*float64))
		}
	})
}
