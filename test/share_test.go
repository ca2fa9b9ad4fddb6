package test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	svc "github.com/privatefolders/privatefolders/share"
)

// sharing is the default configuration with the share service on.
var sharing = configuration("sharing", map[string]any{"sharing": "true"})

// shareTableID is the share table's logical id. DO NOT "fix" it when the
// test fails: a new logical id makes CloudFormation create an empty table
// and leave the retained one, with every share, outside the stack.
const shareTableID = "FoldersShareTableF37B0495"

func TestShareTable(t *testing.T) {
	s := sharing(t)
	id, table := only(t, s, "AWS::DynamoDB::Table")
	p := props(table)
	t.Run("fails when the table's logical id changes", func(t *testing.T) {
		assert.Equal(t, shareTableID, id)
		assert.Equal(t, shareTableID, idOf(s.stack.System.Share.Table))
	})
	t.Run("fails when the table is not retained", func(t *testing.T) {
		assert.Equal(t, "Retain", table["DeletionPolicy"])
		assert.Equal(t, "Retain", table["UpdateReplacePolicy"])
		assert.Equal(t, true, p["DeletionProtectionEnabled"])
	})
	t.Run("fails when the table is not on demand with PITR and encryption", func(t *testing.T) {
		assert.Equal(t, "PAY_PER_REQUEST", p["BillingMode"])
		assert.Equal(t, true, path(p, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"))
		assert.Equal(t, true, path(p, "SSESpecification", "SSEEnabled"))
	})
	t.Run("fails when the TTL attribute is not the one the service writes", func(t *testing.T) {
		assert.Equal(t, svc.TTLAttr, path(p, "TimeToLiveSpecification", "AttributeName"))
		assert.Equal(t, true, path(p, "TimeToLiveSpecification", "Enabled"))
	})
	t.Run("fails when an index the service queries is missing", func(t *testing.T) {
		var names []string
		for _, g := range list(p["GlobalSecondaryIndexes"]) {
			names = append(names, path(g, "IndexName").(string))
		}
		assert.ElementsMatch(t, []string{svc.OwnerIndex, svc.RecipientIndex}, names)
	})
	t.Run("fails when a disposable stack keeps the table's deletion protection", func(t *testing.T) {
		d := configuration("sharing-disposable", map[string]any{"sharing": "true", "destroyOnRemoval": "true"})(t)
		_, tbl := only(t, d, "AWS::DynamoDB::Table")
		assert.Equal(t, "Delete", tbl["DeletionPolicy"])
		assert.Equal(t, false, props(tbl)["DeletionProtectionEnabled"])
	})
}

func TestShareFunction(t *testing.T) {
	s := sharing(t)
	fn := resource(t, s, "AWS::Lambda::Function", idOf(s.stack.System.Share.Function))
	p := props(fn)
	t.Run("fails when the function is not a Go binary on arm64", func(t *testing.T) {
		assert.Equal(t, "provided.al2023", p["Runtime"])
		assert.Equal(t, []any{"arm64"}, p["Architectures"])
		assert.Equal(t, "bootstrap", p["Handler"])
	})
	t.Run("fails when the function is not configured for the table, bucket and pools", func(t *testing.T) {
		env := path(p, "Environment", "Variables").(map[string]any)
		for _, k := range []string{svc.EnvTable, svc.EnvBucket, svc.EnvPrefix, svc.EnvOwnerKey, svc.EnvIdentityPoolID, svc.EnvUserPoolProvider} {
			assert.Contains(t, env, k)
		}
		assert.Equal(t, "<"+shareTableID+">", render(env[svc.EnvTable]))
		assert.NotContains(t, env, svc.EnvSiteOrigin, "the site origin comes from CloudFront (a cycle otherwise)")
	})
}

func TestShareAPI(t *testing.T) {
	s := sharing(t)
	t.Run("fails when the authorizer is not the user pool's, for the web client", func(t *testing.T) {
		_, a := only(t, s, "AWS::ApiGatewayV2::Authorizer")
		p := props(a)
		assert.Equal(t, "JWT", p["AuthorizerType"])
		assert.Equal(t, "<"+idOf(s.stack.System.Auth.Client)+">", render(list(path(p, "JwtConfiguration", "Audience"))[0]))
		assert.Contains(t, render(path(p, "JwtConfiguration", "Issuer")), "/<"+idOf(s.stack.System.Auth.UserPool)+">")
	})
	t.Run("fails when a route's authorization differs from share.Routes", func(t *testing.T) {
		routes := map[string]bool{}
		for _, r := range resources(t, s, "AWS::ApiGatewayV2::Route") {
			routes[props(r)["RouteKey"].(string)] = props(r)["AuthorizationType"] == "JWT"
		}
		require.Len(t, routes, len(svc.Routes))
		for _, r := range svc.Routes {
			assert.Equal(t, !r.Public, routes[r.Key], r.Key)
		}
	})
	t.Run("fails when the stage is not throttled and logged", func(t *testing.T) {
		_, st := only(t, s, "AWS::ApiGatewayV2::Stage")
		p := props(st)
		assert.Equal(t, 50.0, path(p, "DefaultRouteSettings", "ThrottlingRateLimit"))
		assert.Equal(t, 100.0, path(p, "DefaultRouteSettings", "ThrottlingBurstLimit"))
		assert.NotNil(t, path(p, "AccessLogSettings", "DestinationArn"))
	})
}

func TestShareBehaviors(t *testing.T) {
	s := sharing(t)
	_, d := only(t, s, "AWS::CloudFront::Distribution")
	behaviors := map[string]map[string]any{}
	for _, b := range list(path(props(d), "DistributionConfig", "CacheBehaviors")) {
		behaviors[path(b, "PathPattern").(string)] = b.(map[string]any)
	}
	for _, pattern := range []string{"/api/*", "/s/*"} {
		b := behaviors[pattern]
		t.Run("fails when "+pattern+" is cached or drops the Authorization header", func(t *testing.T) {
			require.NotNil(t, b, "no behavior for %s", pattern)
			assert.Equal(t, "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", b["CachePolicyId"], "CachingDisabled")
			assert.Equal(t, "b689b0a8-53d0-40ab-baf2-68738e2966ac", b["OriginRequestPolicyId"], "AllViewerExceptHostHeader")
			assert.Contains(t, strs(b["AllowedMethods"]), "POST")
			assert.Contains(t, strs(b["AllowedMethods"]), "DELETE")
		})
	}
	t.Run("fails when the API is reached without TLS 1.2", func(t *testing.T) {
		var found bool
		for _, o := range list(path(props(d), "DistributionConfig", "Origins")) {
			if c := path(o, "CustomOriginConfig"); c != nil && strings.Contains(render(path(o, "DomainName")), ".execute-api.") {
				found = true
				assert.Equal(t, "https-only", path(c, "OriginProtocolPolicy"))
				assert.Equal(t, []string{"TLSv1.2"}, strs(path(c, "OriginSSLProtocols")))
			}
		}
		assert.True(t, found, "no execute-api origin")
	})
	t.Run("fails when config.json does not tell the app", func(t *testing.T) {
		assert.Equal(t, true, s.stack.System.Config["sharing"])
		_, ok := defaults(t).stack.System.Config["sharing"]
		assert.False(t, ok)
	})
}

func TestSharingOffAddsNothing(t *testing.T) {
	s := defaults(t)
	for _, typ := range []string{"AWS::DynamoDB::Table", "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Route"} {
		assert.Empty(t, resources(t, s, typ), "fails when sharing off adds a %s", typ)
	}
	_, d := only(t, s, "AWS::CloudFront::Distribution")
	assert.Nil(t, path(props(d), "DistributionConfig", "CacheBehaviors"), "fails when sharing off adds a behavior")
}

// roleStatements are the share function role's policy statements; it
// fails unless the role has exactly its one managed policy.
func roleStatements(t *testing.T, s *synthesized) []map[string]any {
	roleID := idOf(s.stack.System.Share.Role)
	role := resource(t, s, "AWS::IAM::Role", roleID)
	assert.Nil(t, props(role)["Policies"], "fails when the role has an inline policy")
	var out []map[string]any
	for _, pol := range resources(t, s, "AWS::IAM::Policy") {
		for _, r := range list(props(pol)["Roles"]) {
			assert.NotEqual(t, "<"+roleID+">", render(r), "fails when the role has an inline policy")
		}
	}
	pol := resource(t, s, "AWS::IAM::ManagedPolicy", idOf(s.stack.System.Share.Policy))
	assert.Equal(t, []string{"<" + roleID + ">"}, func() (r []string) {
		for _, x := range list(props(pol)["Roles"]) {
			r = append(r, render(x))
		}
		return
	}())
	for _, st := range list(path(props(pol), "PolicyDocument", "Statement")) {
		out = append(out, st.(map[string]any))
	}
	return out
}

func TestShareRole(t *testing.T) {
	s := sharing(t)
	sts := roleStatements(t, s)
	require.NotEmpty(t, sts)
	raw, _ := json.Marshal(sts)
	t.Run("fails when the role can delete, scan, or touch versions and bucket settings", func(t *testing.T) {
		for _, bad := range []string{"Delete", "Scan", "Version", "PutBucket", "s3:*", "dynamodb:*", "BatchWrite"} {
			assert.NotContains(t, string(raw), bad)
		}
	})
	t.Run("fails when the role reaches outside the owner prefix", func(t *testing.T) {
		dataID, _ := dataBucket(t, s)
		for _, st := range sts {
			for _, r := range list(st["Resource"]) {
				res := render(r)
				if strings.Contains(res, "s3") || strings.HasPrefix(res, "<"+dataID) {
					assert.Contains(t, []string{"<" + dataID + ".Arn>", "<" + dataID + ".Arn>/private/*", "<" + dataID + ".Arn>/private/*/drop/*"}, res)
				}
			}
		}
	})
}
