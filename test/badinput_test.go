package test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBadInput runs the real app, as `cdk synth -c key=value` does, with one
// bad setting at a time: each must exit 1 with exactly one problem line that
// names the key, quotes the value and states the rule, print no Go trace,
// and write nothing.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name     string
		settings map[string]any
		key      string
		received string
		rule     string
	}{
		{"fails when the domain prefix has uppercase", map[string]any{"domainPrefix": "MyFiles"}, "domainPrefix", `"MyFiles"`, "lowercase letters, digits or hyphens"},
		{"fails when the domain prefix says aws", map[string]any{"domainPrefix": "my-aws-files"}, "domainPrefix", `"my-aws-files"`, `must not contain "aws"`},
		{"fails when the domain prefix is too long", map[string]any{"domainPrefix": strings.Repeat("a", 64)}, "domainPrefix", strings.Repeat("a", 64), "1-63"},
		{"fails when a CORS origin is *", map[string]any{"corsOrigins": "*"}, "corsOrigins", `"*"`, "wildcard"},
		{"fails when a CORS origin has a path", map[string]any{"corsOrigins": "https://app.example.com/app"}, "corsOrigins", "https://app.example.com/app", "origin only"},
		{"fails when a CORS origin is not a URL", map[string]any{"corsOrigins": "app.example.com"}, "corsOrigins", `"app.example.com"`, "must be an origin"},
		{"fails when a callback URL is http on a public host", map[string]any{"callbackUrls": "http://app.example.com/"}, "callbackUrls", "http://app.example.com/", "must use https"},
		{"fails when a callback URL has a fragment", map[string]any{"callbackUrls": "https://app.example.com/#x", "corsOrigins": "https://app.example.com"}, "callbackUrls", "#x", "fragment"},
		{"fails when a callback origin is not allowed by CORS", map[string]any{"callbackUrls": "https://other.example.com/"}, "callbackUrls", "https://other.example.com/", "must also be in corsOrigins"},
		{"fails when the owner prefix lacks its slash", map[string]any{"ownerPrefix": "private"}, "ownerPrefix", `"private"`, `must end with "/"`},
		{"fails when the owner prefix is empty", map[string]any{"ownerPrefix": ""}, "ownerPrefix", `""`, "must not be empty"},
		{"fails when the owner prefix has a wildcard", map[string]any{"ownerPrefix": "priv*/"}, "ownerPrefix", `"priv*/"`, `"*"`},
		{"fails when access prefixes overlap", map[string]any{"publicPrefix": "private/"}, "publicPrefix", `"private/"`, "must not contain or be contained in"},
		{"fails when mfa is not a mode", map[string]any{"mfa": "maybe"}, "mfa", `"maybe"`, "one of off, optional, required"},
		{"fails when a boolean is not true or false", map[string]any{"selfSignUp": "yes"}, "selfSignUp", `"yes"`, "true or false"},
		{"fails when a number is not a number", map[string]any{"passwordMinLength": "eight"}, "passwordMinLength", `"eight"`, "whole number"},
		{"fails when a password length is too short", map[string]any{"passwordMinLength": "6"}, "passwordMinLength", "6", "from 8 to 99"},
		{"fails when retention days are negative", map[string]any{"noncurrentVersionExpirationDays": "-5"}, "noncurrentVersionExpirationDays", "-5", "from 1 to 3650"},
		{"fails when log retention is a fraction", map[string]any{"logsRetentionDays": "1.5"}, "logsRetentionDays", "1.5", "whole number"},
		{"fails when a token lifetime is too long", map[string]any{"accessTokenValidityMinutes": "2000"}, "accessTokenValidityMinutes", "2000", "from 5 to 1440"},
		{"fails when the feature plan has no managed login", map[string]any{"featurePlan": "lite"}, "featurePlan", `"lite"`, "must be one of essentials, plus: the managed login pages need one of them"},
		{"fails when a key is unknown", map[string]any{"mfaMode": "off"}, "mfaMode", `"off"`, `did you mean "mfa"?`},
		{"fails when a key is misspelt", map[string]any{"ownerprefix": "home/"}, "ownerprefix", `"home/"`, `did you mean "ownerPrefix"?`},
		{"fails when the bucket name has dots", map[string]any{"dataBucketName": "my.files"}, "dataBucketName", `"my.files"`, "lowercase letters, digits or hyphens"},
		{"fails when the stack name starts with a digit", map[string]any{"stackName": "1files"}, "stackName", `"1files"`, "start with a letter"},
		{"fails when the account is not 12 digits", map[string]any{"account": "12345"}, "account", `"12345"`, "12-digit"},
		{"fails when the region is not a region", map[string]any{"region": "europe"}, "region", `"europe"`, "AWS region"},
		{"fails when a group name has a space", map[string]any{"groups": `[{"name":"my group","precedence":1}]`}, "groups.name", `"my group"`, "without spaces"},
		{"fails when two groups share a precedence", map[string]any{"groups": `[{"name":"a","precedence":1},{"name":"b","precedence":1}]`}, "groups.precedence", "1", "must differ between groups"},
		{"fails when a group rule names the bucket root", map[string]any{"groups": `[{"name":"a","precedence":1,"rules":[{"path":"","permissions":["get"]}]}]`}, "groups.rules.path", `""`, "bucket root"},
		{"fails when groups are not JSON", map[string]any{"groups": `{"name":}`}, "groups", "(not shown)", `must be JSON of the form [{"name", "precedence", "rules": [{"path", "permissions"}]}]`},
		{"fails when the owner key is unknown", map[string]any{"ownerKey": "email"}, "ownerKey", `"email"`, "one of identityId, userPoolSub"},
		{"fails when folders would be keyed by a writable attribute", map[string]any{"ownerKey": "userPoolSub", "ownerClaim": "email"}, "ownerClaim", `"email"`, "must not be an attribute the app client can write"},
		{"fails when an owner claim is set where no claim names folders", map[string]any{"ownerClaim": "sub"}, "ownerClaim", `"sub"`, "needs ownerKey userPoolSub"},
		{"fails when the bucket name looks like a CDK token", map[string]any{"dataBucketName": "${Token[X.1]}"}, "dataBucketName", "${Token[X.1]}", "must not look like a CDK token"},
		{"fails when a group name looks like a CDK token", map[string]any{"groups": `[{"name":"${Token[X.1]}","precedence":1}]`}, "groups", "(not shown)", "must not look like a CDK token"},
		{"fails when object lock days are zero", map[string]any{"objectLockDays": "0"}, "objectLockDays", "0", "from 1 to 36500"},
		{"fails when the replica is not a bucket ARN", map[string]any{"replicaBucketArn": "my-replica"}, "replicaBucketArn", `"my-replica"`, "S3 bucket ARN"},
		{"fails when the WAF is asked for outside us-east-1", map[string]any{"waf": "true", "region": "eu-west-1"}, "waf", "true", "us-east-1"},
		{"fails when a custom domain has no certificate", map[string]any{"siteDomainNames": "files.example.com"}, "siteCertificateArn", `""`, "must be set when siteDomainNames are"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stderr, outdir := runApp(t, c.settings)
			assert.Equal(t, 1, code, "stderr:\n%s", stderr)
			assert.NotContains(t, stderr, "goroutine")
			assert.NotContains(t, stderr, "panic")
			assert.Empty(t, templates(t, outdir), "nothing may be synthesized")
			var problems []string
			for _, l := range strings.Split(stderr, "\n") {
				if strings.Contains(l, "(received: ") {
					problems = append(problems, strings.TrimSpace(l))
				}
			}
			if assert.Len(t, problems, 1, "exactly one problem line:\n%s", stderr) {
				assert.True(t, strings.HasPrefix(problems[0], c.key+": "), "names the key %q: %s", c.key, problems[0])
				assert.Contains(t, problems[0], c.received)
				assert.Contains(t, problems[0], c.rule)
			}
		})
	}
}
