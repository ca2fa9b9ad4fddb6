package share

import (
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Environment variables the function reads (constructs/share sets them).
const (
	EnvTable            = "TABLE_NAME"
	EnvBucket           = "BUCKET_NAME"
	EnvPrefix           = "OWNER_PREFIX"
	EnvOwnerKey         = "OWNER_KEY"
	EnvOwnerClaim       = "OWNER_CLAIM"
	EnvIdentityPoolID   = "IDENTITY_POOL_ID"
	EnvUserPoolProvider = "USER_POOL_PROVIDER"
	EnvSiteOrigin       = "SITE_ORIGIN"
)

// Settings configure a Handler on AWS services: FromEnv on Lambda,
// cmd/share-local from its flags.
type Settings struct {
	Region, Table, Bucket, Prefix, OwnerKey, OwnerClaim string
	IdentityPoolID                                      string
	// UserPoolProvider is the user pool's provider name, as GetId's Logins
	// key it: "cognito-idp.<region>.amazonaws.com/<user pool id>".
	UserPoolProvider string
	// SiteOrigin is where links point; empty: the origin CloudFront says
	// the request came through.
	SiteOrigin string
	// Endpoints, for the local preview only (empty on AWS).
	DynamoDBEndpoint, S3Endpoint, IdentityEndpoint string
}

// FromEnv reads Settings from the function's environment.
func FromEnv() Settings {
	g := os.Getenv
	return Settings{Region: g("AWS_REGION"), Table: g(EnvTable), Bucket: g(EnvBucket), Prefix: g(EnvPrefix),
		OwnerKey: g(EnvOwnerKey), OwnerClaim: g(EnvOwnerClaim), IdentityPoolID: g(EnvIdentityPoolID),
		UserPoolProvider: g(EnvUserPoolProvider), SiteOrigin: g(EnvSiteOrigin)}
}

// Handler is the handler these settings describe, with credentials from
// the environment (the function's role).
func (s Settings) Handler() (*Handler, error) {
	var missing []string
	for name, v := range map[string]string{"AWS_REGION": s.Region, "TABLE_NAME": s.Table, "BUCKET_NAME": s.Bucket} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if s.OwnerKey != "userPoolSub" && (s.IdentityPoolID == "" || s.UserPoolProvider == "") {
		missing = append(missing, "IDENTITY_POOL_ID and USER_POOL_PROVIDER (or OWNER_KEY=userPoolSub)")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("share: missing settings: %s", strings.Join(missing, ", "))
	}
	endpoint := func(u string) *string {
		if u == "" {
			return nil
		}
		return aws.String(u)
	}
	creds := aws.NewCredentialsCache(EnvCredentials)
	db := dynamodb.New(dynamodb.Options{Region: s.Region, Credentials: creds, BaseEndpoint: endpoint(s.DynamoDBEndpoint)})
	objects := s3.New(s3.Options{Region: s.Region, Credentials: creds, BaseEndpoint: endpoint(s.S3Endpoint),
		UsePathStyle: s.S3Endpoint != ""})
	ids := cognitoidentity.New(cognitoidentity.Options{Region: s.Region, Credentials: creds,
		BaseEndpoint: endpoint(s.IdentityEndpoint)})
	cfg := Config{Prefix: s.Prefix, OwnerKey: s.OwnerKey, OwnerClaim: s.OwnerClaim, SiteOrigin: s.SiteOrigin}
	return New(cfg, &DynamoStore{Client: db, Table: s.Table}, &S3Objects{Client: objects, Bucket: s.Bucket},
		&CognitoIdentities{Client: ids, PoolID: s.IdentityPoolID, Provider: s.UserPoolProvider}), nil
}
