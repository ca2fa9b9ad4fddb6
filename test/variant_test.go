package test

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
	"monitoring":                      "false",
}

// variant is the every-key-set configuration.
var variant = configuration("variant", variantContext)
