package naming

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSlug(t *testing.T) {
	cases := map[string]string{
		"PrivateFolders":                        "privatefolders",
		"My_Stack.Name":                         "my-stack-name",
		"AwsCognitoAmazonStuff":                 "stuff",
		"--x--":                                 "x",
		"":                                      "app",
		"aws":                                   "app",
		"ThisStackNameIsFarTooLongForAnyPrefix": "thisstacknameisfartoolon",
		"abcdefghijklmnopqrstuvw-xyz":           "abcdefghijklmnopqrstuvw",
	}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			assert.Equal(t, want, Slug(in, slugLen))
		})
	}
}

func TestDerivedNamesFitTheirRules(t *testing.T) {
	prefixRule := regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)
	bucketRule := regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)
	for _, stack := range []string{"PrivateFolders", "AWS-Cognito-Demo", strings.Repeat("Long", 40)} {
		p := DomainPrefix(stack, "123456789012")
		assert.Regexp(t, prefixRule, p)
		for _, w := range reservedWords {
			assert.NotContains(t, p, w)
		}
		assert.Regexp(t, bucketRule, DataBucketName(stack, "123456789012", "ap-southeast-4"))
	}
}

func TestConstructID(t *testing.T) {
	t.Run("fails when names that differ get the same id", func(t *testing.T) {
		assert.NotEqual(t, ConstructID("a/b"), ConstructID("a--b"))
	})
	t.Run("a name without a slash is its own id, keeping existing logical ids", func(t *testing.T) {
		assert.Equal(t, "auditors", ConstructID("auditors"))
		assert.NotContains(t, ConstructID("x/y/z"), "/")
	})
}
