package policies

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const bucketArn = "arn:aws:s3:::data-bucket"

func TestOwnerStatements(t *testing.T) {
	st := OwnerStatements(bucketArn, "private/")
	require.Len(t, st, 4)

	t.Run("objects only inside the identity's own folder", func(t *testing.T) {
		assert.Equal(t, []string{"arn:aws:s3:::data-bucket/private/${cognito-identity.amazonaws.com:sub}/*"}, st[0].Resources)
		assert.ElementsMatch(t, []string{
			"s3:GetObject", "s3:PutObject", "s3:DeleteObject",
			"s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
		}, st[0].Actions)
		assert.Empty(t, st[0].Conditions)
	})
	t.Run("listing only with an s3:prefix inside the own folder", func(t *testing.T) {
		assert.Equal(t, []string{"s3:ListBucket"}, st[1].Actions)
		assert.Equal(t, []string{bucketArn}, st[1].Resources)
		assert.Equal(t, map[string]map[string][]string{"StringLike": {"s3:prefix": {
			"private/${cognito-identity.amazonaws.com:sub}/",
			"private/${cognito-identity.amazonaws.com:sub}/*",
		}}}, st[1].Conditions)
	})
	t.Run("old versions: read only inside the own folder, listed only with an s3:prefix inside it", func(t *testing.T) {
		assert.Equal(t, []string{"s3:GetObjectVersion"}, st[2].Actions)
		assert.Equal(t, st[0].Resources, st[2].Resources)
		assert.Empty(t, st[2].Conditions)
		assert.Equal(t, []string{"s3:ListBucketVersions"}, st[3].Actions)
		assert.Equal(t, []string{bucketArn}, st[3].Resources)
		assert.Equal(t, st[1].Conditions, st[3].Conditions, "conditioned exactly as s3:ListBucket")
	})
	t.Run("fails when any statement grants more than the owner needs", func(t *testing.T) {
		forbidden := []string{"s3:*", "s3:DeleteObjectVersion", "s3:PutObjectAcl", "s3:PutObjectVersionAcl",
			"s3:PutBucketPolicy", "s3:PutBucketAcl", "s3:ListAllMyBuckets", "s3:BypassGovernanceRetention",
			"s3:PutObjectRetention", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration"}
		for _, s := range st {
			for _, a := range s.Actions {
				assert.NotContains(t, forbidden, a)
				assert.NotContains(t, a, "*", "no wildcard actions")
			}
			for _, r := range s.Resources {
				assert.NotEqual(t, bucketArn+"/*", r)
				assert.NotEqual(t, bucketArn+"/private/*", r)
			}
		}
	})
	t.Run("the prefix given is the one used", func(t *testing.T) {
		got := OwnerStatements(bucketArn, "users/home/")
		assert.Equal(t, bucketArn+"/users/home/"+IdentityIDVariable+"/*", got[0].Resources[0])
	})
}

func TestDocumentJSON(t *testing.T) {
	var doc struct {
		Version   string
		Statement []struct {
			Sid, Effect string
			Action      []string
			Resource    []string
			Condition   map[string]map[string][]string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(DocumentJSON(OwnerStatements(bucketArn, "private/"))), &doc))
	assert.Equal(t, "2012-10-17", doc.Version)
	require.Len(t, doc.Statement, 4)
	for _, s := range doc.Statement {
		assert.Equal(t, "Allow", s.Effect)
		assert.Regexp(t, `^[A-Za-z0-9]+$`, s.Sid)
	}
	assert.Equal(t, []string{"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject",
		"s3:ListMultipartUploadParts", "s3:PutObject"}, doc.Statement[0].Action, "actions are sorted")
	assert.Contains(t, doc.Statement[1].Condition["StringLike"]["s3:prefix"], "private/"+IdentityIDVariable+"/")
}

func TestValidatePrefix(t *testing.T) {
	valid := []string{"private/", "users/home/", "a/", "My-Files_(1)/"}
	for _, p := range valid {
		t.Run("accepts "+p, func(t *testing.T) { assert.NoError(t, ValidatePrefix("ownerPrefix", p)) })
	}
	cases := []struct {
		name, prefix, want string
	}{
		{"fails when empty", "", "must not be empty"},
		{"fails when it starts with a slash", "/private/", `must not start with "/"`},
		{"fails when it does not end with a slash", "private", `must end with "/"`},
		{"fails when it has an empty folder", "a//b/", `must not contain "//"`},
		{"fails when it has a wildcard", "priv*/", `must not contain "*" or "?"`},
		{"fails when it has a policy variable", "${aws:username}/", "each folder name must be"},
		{"fails when it has a dot-dot folder", "a/../", "each folder name must be"},
		{"fails when it is too long", strings.Repeat("a", 128) + "/", "must be at most 128 characters"},
		{"fails when it is a deploy-time token", "${Token[TOKEN.12]}/", "must be a literal string"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ValidatePrefix("ownerPrefix", c.prefix)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "ownerPrefix: "+c.want)
			assert.Contains(t, err.Error(), "(received: ")
		})
	}
}
