package share

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"

	"github.com/privatefolders/privatefolders/check"
)

// Props configures Share. UserPool, Client and Bucket are required; the
// rest have defaults.
type Props struct {
	// UserPool issues the ID tokens the API's JWT authorizer accepts.
	UserPool awscognito.IUserPool
	// Client is the web app's client: the authorizer's audience.
	Client awscognito.IUserPoolClient
	// IdentityPoolId is the identity pool whose GetId names folders when
	// OwnerKey is "identityId". Required then.
	IdentityPoolId *string
	// Bucket is the data bucket; the function reads, lists and presigns
	// under OwnerPrefix only.
	Bucket awss3.IBucket
	// OwnerPrefix is the folder under which each user has <prefix><owner>/.
	// Default: "private/".
	OwnerPrefix *string
	// OwnerKey names folders: "identityId" (default) or "userPoolSub".
	OwnerKey *string
	// OwnerClaim is the ID token claim naming folders with "userPoolSub".
	// Default: "sub".
	OwnerClaim *string
	// RateLimit is the API stage's steady request rate per second, 1 to
	// 10000. Default: 50.
	RateLimit *float64
	// BurstLimit is the API stage's burst, 1 to 5000. Default: 100.
	BurstLimit *float64
	// LogsRetention is how long the function's and the API's logs are kept.
	// Default: one year.
	LogsRetention *float64
	// SourceDir is the Go module holding cmd/share-lambda. Default: this
	// module's source.
	SourceDir *string
	// RemovalPolicy applies to the table. Default: RETAIN, with deletion
	// protection (DESTROY turns deletion protection off).
	RemovalPolicy awscdk.RemovalPolicy
}

// The rules of Props, as New applies them.
var (
	// RateLimitRule is RateLimit's range and default.
	RateLimitRule = check.Whole{Min: 1, Max: 10000, Default: 50}
	// BurstLimitRule is BurstLimit's range and default.
	BurstLimitRule = check.Whole{Min: 1, Max: 5000, Default: 100}
)

func withDefaults(props *Props) Props {
	var p Props
	if props != nil {
		p = *props
	}
	def := func(v **string, d string) {
		if *v == nil {
			*v = &d
		}
	}
	def(&p.OwnerPrefix, "private/")
	def(&p.OwnerKey, "identityId")
	def(&p.OwnerClaim, "sub")
	def(&p.SourceDir, moduleRoot())
	p.RateLimit = RateLimitRule.Or(p.RateLimit)
	p.BurstLimit = BurstLimitRule.Or(p.BurstLimit)
	if p.RemovalPolicy == "" {
		p.RemovalPolicy = awscdk.RemovalPolicy_RETAIN
	}
	return p
}

// Validate reports every problem with props, each naming its prop.
func (props *Props) Validate() error {
	p := withDefaults(props)
	var ps check.Problems
	if p.UserPool == nil {
		ps.Add("UserPool", "", "is required: its ID tokens sign users in")
	}
	if p.Client == nil {
		ps.Add("Client", "", "is required: the web app's client is the authorizer's audience")
	}
	if p.Bucket == nil {
		ps.Add("Bucket", "", "is required: the data bucket holds what is shared")
	}
	if *p.OwnerKey != "identityId" && *p.OwnerKey != "userPoolSub" {
		ps.Add("OwnerKey", *p.OwnerKey, `must be "identityId" or "userPoolSub"`)
	}
	if *p.OwnerKey == "identityId" && p.IdentityPoolId == nil {
		ps.Add("IdentityPoolId", "", `is required when OwnerKey is "identityId": GetId names the caller's folder`, "OwnerKey")
	}
	RateLimitRule.Check(&ps, "RateLimit", *p.RateLimit)
	BurstLimitRule.Check(&ps, "BurstLimit", *p.BurstLimit)
	return ps.Err()
}
