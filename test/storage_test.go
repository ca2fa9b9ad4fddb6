package test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/policies"
)

// dataBucket is the data bucket's logical id and resource in s.
func dataBucket(t testing.TB, s *synthesized) (string, map[string]any) {
	id := idOf(s.stack.System.Storage.Bucket)
	return id, resource(t, s, "AWS::S3::Bucket", id)
}

// logsBucket is the logs bucket's logical id and resource in s.
func logsBucket(t testing.TB, s *synthesized) (string, map[string]any) {
	id := idOf(s.stack.System.Storage.LogsBucket)
	return id, resource(t, s, "AWS::S3::Bucket", id)
}

// bucketPolicy is the AWS::S3::BucketPolicy of the bucket with logical id
// bucketID, failing unless there is exactly one.
func bucketPolicy(t testing.TB, s *synthesized, bucketID string) map[string]any {
	var found []map[string]any
	for _, r := range resources(t, s, "AWS::S3::BucketPolicy") {
		if props(r)["Bucket"].(map[string]any)["Ref"] == bucketID {
			found = append(found, r)
		}
	}
	require.Len(t, found, 1, "bucket policies of %s", bucketID)
	return found[0]
}

// privateAndEncrypted asserts the settings every bucket of the system shares.
func privateAndEncrypted(t *testing.T, bucket map[string]any) {
	p := props(bucket)
	assert.Equal(t, map[string]any{
		"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
	}, p["PublicAccessBlockConfiguration"])
	assert.Equal(t, []any{map[string]any{"ServerSideEncryptionByDefault": map[string]any{"SSEAlgorithm": "AES256"}}},
		path(p, "BucketEncryption", "ServerSideEncryptionConfiguration"))
}

// retained asserts that CloudFormation keeps the resource on stack deletion
// and on replacement.
func retained(t *testing.T, r map[string]any) {
	assert.Equal(t, "Retain", r["DeletionPolicy"])
	assert.Equal(t, "Retain", r["UpdateReplacePolicy"])
}

// lifecycleRule returns the bucket's enabled lifecycle rule that has key,
// failing when there is none.
func lifecycleRule(t *testing.T, bucket map[string]any, key string) map[string]any {
	for _, r := range list(path(props(bucket), "LifecycleConfiguration", "Rules")) {
		rule := r.(map[string]any)
		if _, ok := rule[key]; ok {
			assert.Equal(t, "Enabled", rule["Status"], "rule %v", rule["Id"])
			return rule
		}
	}
	t.Fatalf("no lifecycle rule with %s", key)
	return nil
}

func TestDataBucket(t *testing.T) {
	s := defaults(t)
	_, bucket := dataBucket(t, s)
	logsID, _ := logsBucket(t, s)
	p := props(bucket)

	t.Run("private, S3-encrypted, owner-enforced, versioned and retained", func(t *testing.T) {
		privateAndEncrypted(t, bucket)
		assert.Equal(t, []any{map[string]any{"ObjectOwnership": "BucketOwnerEnforced"}}, path(p, "OwnershipControls", "Rules"))
		assert.Equal(t, "Enabled", path(p, "VersioningConfiguration", "Status"))
		retained(t, bucket)
	})
	t.Run("incomplete uploads are aborted after 7 days", func(t *testing.T) {
		rule := lifecycleRule(t, bucket, "AbortIncompleteMultipartUpload")
		assert.EqualValues(t, 7, path(rule, "AbortIncompleteMultipartUpload", "DaysAfterInitiation"))
	})
	t.Run("old versions expire after 30 days by default and 90 in the variant", func(t *testing.T) {
		for _, c := range []struct {
			s    *synthesized
			days int
		}{{s, 30}, {variant(t), 90}} {
			_, b := dataBucket(t, c.s)
			rule := lifecycleRule(t, b, "NoncurrentVersionExpiration")
			assert.EqualValues(t, c.days, path(rule, "NoncurrentVersionExpiration", "NoncurrentDays"))
		}
	})
	t.Run("server access logs go to the logs bucket", func(t *testing.T) {
		assert.Equal(t, map[string]any{"Ref": logsID}, path(p, "LoggingConfiguration", "DestinationBucketName"))
	})
	t.Run("the name is derived from the stack, account and region, or set", func(t *testing.T) {
		assert.Equal(t, map[string]any{"Fn::Join": []any{"", []any{
			"privatefolders-data-", map[string]any{"Ref": "AWS::AccountId"}, "-", map[string]any{"Ref": "AWS::Region"},
		}}}, p["BucketName"])
		_, v := dataBucket(t, variant(t))
		assert.Equal(t, "my-files-data", props(v)["BucketName"])
	})
	t.Run("its policy denies plain HTTP and TLS older than 1.2", func(t *testing.T) {
		for _, c := range both(t) {
			bid, _ := dataBucket(t, c.s)
			denies := map[string]any{}
			for _, st := range list(path(props(bucketPolicy(t, c.s, bid)), "PolicyDocument", "Statement")) {
				if st.(map[string]any)["Effect"] == "Deny" {
					for op, cond := range st.(map[string]any)["Condition"].(map[string]any) {
						denies[op] = cond
					}
					assert.Equal(t, "s3:*", st.(map[string]any)["Action"], c.name)
					assert.Equal(t, map[string]any{"AWS": "*"}, st.(map[string]any)["Principal"], c.name)
				}
			}
			assert.Equal(t, map[string]any{"aws:SecureTransport": "false"}, denies["Bool"], c.name)
			assert.Equal(t, map[string]any{"s3:TlsVersion": 1.2}, denies["NumericLessThan"], c.name)
		}
	})
}

func TestDataBucketCors(t *testing.T) {
	siteOrigin := func(s *synthesized) any {
		dist := idOf(s.stack.System.Site.Distribution)
		return map[string]any{"Fn::Join": []any{"", []any{"https://", map[string]any{"Fn::GetAtt": []any{dist, "DomainName"}}}}}
	}
	rule := func(t *testing.T, s *synthesized) map[string]any {
		_, b := dataBucket(t, s)
		rules := list(path(props(b), "CorsConfiguration", "CorsRules"))
		require.Len(t, rules, 1)
		return rules[0].(map[string]any)
	}
	t.Run("allows exactly the site's origin by default", func(t *testing.T) {
		s := defaults(t)
		assert.Equal(t, []any{siteOrigin(s)}, rule(t, s)["AllowedOrigins"])
	})
	t.Run("adds the configured origins to the site's", func(t *testing.T) {
		s := variant(t)
		assert.Equal(t, []any{siteOrigin(s), "http://localhost:5173"}, rule(t, s)["AllowedOrigins"])
	})
	t.Run("methods, headers, exposed headers and max age the browser app needs", func(t *testing.T) {
		r := rule(t, defaults(t))
		assert.ElementsMatch(t, []string{"GET", "HEAD", "PUT", "POST", "DELETE"}, strs(r["AllowedMethods"]))
		assert.Equal(t, []string{"*"}, strs(r["AllowedHeaders"]))
		assert.Subset(t, strs(r["ExposedHeaders"]), []string{
			"ETag", "x-amz-version-id", "x-amz-request-id", "x-amz-id-2", "Content-Length", "Content-Type", "Last-Modified",
		})
		assert.Greater(t, r["MaxAge"], 0.0)
	})
	t.Run("fails when any CORS origin is *", func(t *testing.T) {
		for _, c := range both(t) {
			for id, b := range resources(t, c.s, "AWS::S3::Bucket") {
				for _, r := range list(path(props(b), "CorsConfiguration", "CorsRules")) {
					for _, o := range list(r.(map[string]any)["AllowedOrigins"]) {
						assert.NotContains(t, render(o), "*", "%s: bucket %s", c.name, id)
					}
				}
			}
		}
	})
}

// ownerPrefixes are the folder prefixes each configuration sets.
var ownerPrefixes = map[string]string{"defaults": "private/", "variant": "home/"}

// normalize returns v as JSON decodes it, with IAM's single values (Action,
// Resource) as lists, so a rendered statement and a template statement compare.
func normalize(t *testing.T, v any) map[string]any {
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(raw, &out))
	for _, k := range []string{"Action", "Resource"} {
		if x, ok := out[k]; ok {
			out[k] = list(x)
		}
	}
	return out
}

func TestOwnerPolicy(t *testing.T) {
	for _, c := range both(t) {
		s := c.s
		policyID := idOf(s.stack.System.Storage.OwnerPolicy)
		policy := resource(t, s, "AWS::IAM::ManagedPolicy", policyID)
		dataID, _ := dataBucket(t, s)
		t.Run(c.name+": exactly the statements policies.OwnerStatements renders, on the data bucket", func(t *testing.T) {
			const arn = "BUCKET_ARN"
			want := policies.OwnerStatements(arn, ownerPrefixes[c.name])
			got := list(path(props(policy), "PolicyDocument", "Statement"))
			require.Len(t, got, len(want))
			require.Len(t, want, 4, "objects, listing, old versions, listing versions")
			for i, w := range want {
				exp, act := normalize(t, w.JSON()), normalize(t, got[i])
				for _, k := range []string{"Sid", "Effect", "Action", "Condition"} {
					assert.Equal(t, exp[k], act[k], "statement %d %s", i, k)
				}
				var resources []string
				for _, r := range list(act["Resource"]) {
					resources = append(resources, strings.ReplaceAll(render(r), "<"+dataID+".Arn>", arn))
				}
				assert.Equal(t, strs(exp["Resource"]), resources, "statement %d Resource", i)
			}
			assert.Equal(t, arn+"/"+ownerPrefixes[c.name]+"${cognito-identity.amazonaws.com:sub}/*", want[0].Resources[0])
		})
		t.Run(c.name+": attached to the authenticated role only", func(t *testing.T) {
			assert.Equal(t, []any{map[string]any{"Ref": roleID(t, s, "authenticated")}}, props(policy)["Roles"])
			assert.Nil(t, props(policy)["Users"])
			assert.Nil(t, props(policy)["Groups"])
		})
	}
}

// grantsOnDataBucket reports whether a statement's resources name the data
// bucket: by Ref or GetAtt of its logical id, or by its name as a string.
func grantsOnDataBucket(st map[string]any, dataID, dataName string) bool {
	for _, r := range append(list(st["Resource"]), list(st["NotResource"])...) {
		if refersTo(r, dataID) || strings.Contains(render(r), dataName) {
			return true
		}
	}
	return false
}

func TestNoBroaderGrant(t *testing.T) {
	for _, c := range both(t) {
		s := c.s
		dataID, data := dataBucket(t, s)
		dataName := render(props(data)["BucketName"])
		ownerID := idOf(s.stack.System.Storage.OwnerPolicy)
		statements := iamStatements(t, s)

		t.Run(c.name+": fails when a statement grants s3:* or *", func(t *testing.T) {
			for _, st := range statements {
				for _, a := range strs(st.body["Action"]) {
					assert.NotContains(t, []string{"*", "s3:*"}, a, st.source)
				}
				assert.Nil(t, st.body["NotAction"], "%s: NotAction grants everything else", st.source)
				assert.Nil(t, st.body["NotResource"], "%s: NotResource grants everything else", st.source)
			}
		})
		t.Run(c.name+": fails when the data bucket is granted beyond each identity's own folder", func(t *testing.T) {
			// Written out, not rendered by policies: the owner's object
			// actions on its own folder, reading its old versions there, and
			// listing objects and versions (under the prefix condition
			// checked below), in the owner policy alone.
			own := "<" + dataID + ".Arn>/" + ownerPrefixes[c.name] + "${cognito-identity.amazonaws.com:sub}/*"
			want := []string{
				"s3:AbortMultipartUpload s3:DeleteObject s3:GetObject s3:ListMultipartUploadParts s3:PutObject on " + own,
				"s3:GetObjectVersion on " + own,
				"s3:ListBucket on <" + dataID + ".Arn>",
				"s3:ListBucketVersions on <" + dataID + ".Arn>",
			}
			var got []string
			for _, st := range statements {
				if !grantsOnDataBucket(st.body, dataID, dataName) {
					continue
				}
				assert.Equal(t, ownerID, st.policyID, "%s grants on the data bucket: %v", st.source, st.body)
				actions := strs(st.body["Action"])
				sort.Strings(actions)
				var on []string
				for _, r := range list(st.body["Resource"]) {
					on = append(on, render(r))
				}
				got = append(got, strings.Join(actions, " ")+" on "+strings.Join(on, " "))
			}
			assert.ElementsMatch(t, want, got)
		})
		t.Run(c.name+": fails when ListBucket or ListBucketVersions on the data bucket has no s3:prefix condition", func(t *testing.T) {
			lists := 0
			for _, st := range statements {
				if !grantsOnDataBucket(st.body, dataID, dataName) {
					continue
				}
				for _, a := range strs(st.body["Action"]) {
					if !actionMatches(a, "s3:ListBucket") && !actionMatches(a, "s3:ListBucketVersions") {
						continue
					}
					lists++
					prefixes := strs(path(st.body, "Condition", "StringLike", "s3:prefix"))
					assert.NotEmpty(t, prefixes, "%s lists the data bucket without an s3:prefix", st.source)
					for _, p := range prefixes {
						assert.True(t, strings.HasPrefix(p, ownerPrefixes[c.name]+"${cognito-identity.amazonaws.com:sub}/"),
							"%s: prefix %q is not inside the identity's folder", st.source, p)
					}
				}
			}
			assert.Equal(t, 2, lists, "the owner's statements listing objects and versions")
		})
		t.Run(c.name+": fails when the unauthenticated role has any policy", func(t *testing.T) {
			unauth := roleID(t, s, "unauthenticated")
			for _, typ := range []string{"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"} {
				for id, r := range resources(t, s, typ) {
					assert.False(t, refersTo(props(r)["Roles"], unauth), "%s %s is attached to the unauthenticated role", typ, id)
				}
			}
			role := props(resource(t, s, "AWS::IAM::Role", unauth))
			assert.Nil(t, role["Policies"])
			assert.Nil(t, role["ManagedPolicyArns"])
		})
	}
}

func TestLogsBucket(t *testing.T) {
	for _, c := range []struct {
		name string
		s    *synthesized
		days int
	}{{"defaults", defaults(t), 365}, {"variant", variant(t), 30}} {
		t.Run(c.name+": private, encrypted, retained, logs expire", func(t *testing.T) {
			_, b := logsBucket(t, c.s)
			privateAndEncrypted(t, b)
			retained(t, b)
			assert.EqualValues(t, c.days, lifecycleRule(t, b, "ExpirationInDays")["ExpirationInDays"])
		})
	}
}
