package test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// variantContext sets every key away from its default, mixing the string
// form `-c key=value` gives with the JSON types cdk.json gives.
var variantContext = map[string]any{
	"stackName":                       "Files-Test",
	"account":                         "123456789012",
	"region":                          "eu-west-1",
	"selfSignUp":                      "false",
	"mfa":                             "required",
	"featurePlan":                     "plus",
	"passwordMinLength":               "12",
	"domainPrefix":                    "my-files",
	"callbackUrls":                    "http://localhost:5173/",
	"corsOrigins":                     []any{"http://localhost:5173"},
	"accessTokenValidityMinutes":      "15",
	"idTokenValidityMinutes":          30.0,
	"refreshTokenValidityDays":        "7",
	"allowGuests":                     true,
	"dataBucketName":                  "my-files-data",
	"ownerPrefix":                     "home/",
	"noncurrentVersionExpirationDays": "90",
	"logsRetentionDays":               30.0,
}

var (
	variantOnce sync.Once
	variantApp  *synthesized
)

// variant is the every-key-set configuration, synthesized once per test binary.
func variant(t testing.TB) *synthesized {
	variantOnce.Do(func() { variantApp = synth(t, variantContext) })
	require.NotNil(t, variantApp, "the variant configuration failed to synthesize")
	return variantApp
}
