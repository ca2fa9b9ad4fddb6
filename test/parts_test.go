package test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/constructs/auth"
	"github.com/privatefolders/privatefolders/constructs/folders"
	"github.com/privatefolders/privatefolders/constructs/site"
	"github.com/privatefolders/privatefolders/constructs/storage"
)

// partsTemplate builds constructs into a bare stack of its own (no app
// context, no cdk-nag) and returns its template; a panic fails the test
// with its reason.
func partsTemplate(t *testing.T, build func(stack awscdk.Stack)) (tpl map[string]any) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("building failed: %v", check.FromPanic(r))
		}
	}()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir())})
	stack := awscdk.NewStack(app, jsii.String("Parts"), nil)
	build(stack)
	return *assertions.Template_FromStack(stack, nil).ToJSON()
}

// typed returns the template's resources of type typ, by logical id.
func typed(tpl map[string]any, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range tpl["Resources"].(map[string]any) {
		if r.(map[string]any)["Type"] == typ {
			out[id] = r.(map[string]any)
		}
	}
	return out
}

// TestPartDefaults uses each part on its own, as a library user does, with
// no props but the ones it requires: what its docs promise when a prop is
// unset must hold without the app, which always sets them.
func TestPartDefaults(t *testing.T) {
	var st *storage.Storage
	var au *auth.Auth
	var si *site.Site
	tpl := partsTemplate(t, func(stack awscdk.Stack) {
		st = storage.New(stack, jsii.String("Storage"), nil)
		au = auth.New(stack, jsii.String("Auth"), &auth.Props{CallbackUrls: jsii.Strings("https://app.example.com/")})
		si = site.New(stack, jsii.String("Site"), nil)
	})
	buckets := typed(tpl, "AWS::S3::Bucket")
	t.Run("fails when storage.New without RemovalPolicy lets its buckets go", func(t *testing.T) {
		for _, b := range []string{idOf(st.Bucket), idOf(st.LogsBucket)} {
			require.Contains(t, buckets, b)
			retained(t, buckets[b])
		}
	})
	t.Run("fails when site.New without RemovalPolicy lets its buckets go", func(t *testing.T) {
		for _, b := range []string{idOf(si.Bucket), idOf(si.LogsBucket)} {
			require.Contains(t, buckets, b)
			retained(t, buckets[b])
		}
	})
	t.Run("fails when a part empties a bucket without being asked", func(t *testing.T) {
		assert.Empty(t, typed(tpl, "Custom::S3AutoDeleteObjects"))
	})
	t.Run("fails when auth.New without RemovalPolicy lets its pools go", func(t *testing.T) {
		pool := typed(tpl, "AWS::Cognito::UserPool")[idOf(au.UserPool)]
		require.NotNil(t, pool)
		retained(t, pool)
		assert.Equal(t, "ACTIVE", props(pool)["DeletionProtection"])
		identityPool := typed(tpl, "AWS::Cognito::IdentityPool")[idOf(au.IdentityPool)]
		require.NotNil(t, identityPool)
		retained(t, identityPool)
	})
	t.Run("the documented defaults are the rules' values", func(t *testing.T) {
		data := buckets[idOf(st.Bucket)]
		rule := lifecycleRule(t, data, "NoncurrentVersionExpiration")
		assert.EqualValues(t, storage.NoncurrentVersionExpirationDaysRule.Default, path(rule, "NoncurrentVersionExpiration", "NoncurrentDays"))
		logs := lifecycleRule(t, buckets[idOf(st.LogsBucket)], "ExpirationInDays")
		assert.EqualValues(t, storage.LogsRetentionDaysRule.Default, logs["ExpirationInDays"])
		pool := props(typed(tpl, "AWS::Cognito::UserPool")[idOf(au.UserPool)])
		assert.EqualValues(t, auth.PasswordMinLengthRule.Default, path(pool, "Policies", "PasswordPolicy", "MinimumLength"))
		assert.Equal(t, "OFF", pool["MfaConfiguration"])
		assert.Equal(t, auth.MfaRule.Default, *au.Props.Mfa)
		assert.Equal(t, storage.OwnerPrefixRule.Default, *st.OwnerPrefix)
	})
}

// TestGroupConstructIDs: the constructs library turns "/" in an id into
// "--", so groups named "a/b" and "a--b" used to collide ("There is already
// a Construct with name 'GroupRole-a--b'").
func TestGroupConstructIDs(t *testing.T) {
	var sys *folders.System
	tpl := partsTemplate(t, func(stack awscdk.Stack) {
		rules := &[]*folders.Rule{{Path: jsii.String("reports/"), Permissions: jsii.Strings("get", "list")}}
		sys = folders.New(stack, jsii.String("Folders"), &folders.Props{Groups: &[]*folders.Group{
			{Name: jsii.String("a/b"), Precedence: jsii.Number(1), Rules: rules},
			{Name: jsii.String("a--b"), Precedence: jsii.Number(2), Rules: rules},
		}})
	})
	t.Run("fails when groups whose names differ share a construct", func(t *testing.T) {
		names := map[string]string{}
		for id, g := range typed(tpl, "AWS::Cognito::UserPoolGroup") {
			names[props(g)["GroupName"].(string)] = id
		}
		assert.Len(t, names, 2)
		for _, name := range []string{"a/b", "a--b"} {
			require.Contains(t, names, name)
			assert.Equal(t, idOf(sys.Auth.Groups[name]), names[name])
			assert.NotNil(t, sys.Auth.GroupRoles[name], "role of %s", name)
			assert.NotNil(t, sys.Storage.GroupPolicies[name], "policy of %s", name)
		}
		assert.NotEqual(t, idOf(sys.Auth.GroupRoles["a/b"]), idOf(sys.Auth.GroupRoles["a--b"]))
		assert.NotEqual(t, idOf(sys.Storage.GroupPolicies["a/b"]), idOf(sys.Storage.GroupPolicies["a--b"]))
	})
}

// TestBucketHardening names each hardening setting of each bucket, built
// by the parts alone: in the app, a bucket that lost one fails the CDK's
// validation and aborts synthesis, which would show as an unrelated failure.
func TestBucketHardening(t *testing.T) {
	var st *storage.Storage
	var si *site.Site
	tpl := partsTemplate(t, func(stack awscdk.Stack) {
		st = storage.New(stack, jsii.String("Storage"), nil)
		si = site.New(stack, jsii.String("Site"), nil)
	})
	buckets, policies := typed(tpl, "AWS::S3::Bucket"), typed(tpl, "AWS::S3::BucketPolicy")
	for _, b := range []struct {
		name   string
		bucket awss3.IBucket
	}{{"the data bucket", st.Bucket}, {"the data bucket's logs bucket", st.LogsBucket}, {"the site bucket", si.Bucket}, {"the site's logs bucket", si.LogsBucket}} {
		id := idOf(b.bucket)
		t.Run("fails when "+b.name+" accepts plain HTTP or TLS older than 1.2", func(t *testing.T) {
			denies := map[string]any{}
			for _, p := range policies {
				if path(props(p), "Bucket", "Ref") != id {
					continue
				}
				for _, st := range list(path(props(p), "PolicyDocument", "Statement")) {
					if path(st, "Effect") == "Deny" && path(st, "Action") == "s3:*" && path(st, "Principal", "AWS") == "*" {
						for op, cond := range path(st, "Condition").(map[string]any) {
							denies[op] = cond
						}
					}
				}
			}
			assert.Equal(t, map[string]any{"aws:SecureTransport": "false"}, denies["Bool"])
			assert.Equal(t, map[string]any{"s3:TlsVersion": 1.2}, denies["NumericLessThan"])
		})
		t.Run("fails when "+b.name+" does not block public access", func(t *testing.T) {
			assert.Equal(t, map[string]any{
				"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
			}, path(props(buckets[id]), "PublicAccessBlockConfiguration"))
		})
	}
	t.Run("fails when the data bucket is not versioned", func(t *testing.T) {
		assert.Equal(t, "Enabled", path(props(buckets[idOf(st.Bucket)]), "VersioningConfiguration", "Status"))
	})
}
