package compliance

// Levels are the settings that turn on every access option (folders keyed
// by the user pool sub, protected and public levels with public write,
// guests, two groups) and change the ordinary settings (MFA, token
// lifetimes, CORS origins, callback URLs, version retention) that must
// never replace a stateful resource.
func Levels() map[string]any {
	return map[string]any{
		"mfa":                             "optional",
		"accessTokenValidityMinutes":      "30",
		"refreshTokenValidityDays":        "7",
		"callbackUrls":                    "http://localhost:5173/",
		"corsOrigins":                     "http://localhost:5173",
		"noncurrentVersionExpirationDays": "60",
		"ownerKey":                        "userPoolSub",
		"protectedPrefix":                 "protected/",
		"publicPrefix":                    "public/",
		"publicWrite":                     "true",
		"allowGuests":                     "true",
		"groups": `[{"name":"auditors","precedence":1,"rules":[{"path":"private/","permissions":["get","list"]}]},
		            {"name":"editors","precedence":2}]`,
	}
}

// Fullest are the settings of the fullest configuration: every access
// option, every optional protection, the share service, every kind of identity provider and
// the server-side client at once (in us-east-1, where the web ACL can live).
func Fullest() map[string]any {
	ctx := Levels()
	for k, v := range map[string]any{
		"account":          "123456789012",
		"region":           "us-east-1",
		"backup":           "true",
		"replicaBucketArn": "arn:aws:s3:::privatefolders-replica-eu-west-1",
		"dataEvents":       "true",
		"objectLockDays":   "30",
		"malwareScan":      "true",
		"waf":              "true",
		"sharing":          "true",
		"mfa":              "required",
		"featurePlan":      "plus",
		"google":           `{"clientId":"1234-abc.apps.googleusercontent.com","clientSecretId":"privatefolders/google"}`,
		"oidcProviders": `[{"name":"Okta","issuerUrl":"https://example.okta.com","clientId":"okta-client",
		                    "clientSecretId":"privatefolders/okta"}]`,
		"samlProviders": `[{"name":"Corp","metadataUrl":"https://idp.example.com/metadata.xml"}]`,
		"serverClient":  `{"name":"filestash","callbackUrls":["https://files.example.com/api/session/auth/"]}`,
	} {
		ctx[k] = v
	}
	return ctx
}
