package share

import (
	"context"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// EnvCredentials are the credentials Lambda (and the local adapter) put in
// the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
// AWS_SESSION_TOKEN, read on every use.
var EnvCredentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: os.Getenv("AWS_ACCESS_KEY_ID"), SecretAccessKey: os.Getenv("AWS_SECRET_ACCESS_KEY"),
		SessionToken: os.Getenv("AWS_SESSION_TOKEN"), Source: "environment"}, nil
})

// S3Objects is Objects on the data bucket.
type S3Objects struct {
	Client *s3.Client
	Bucket string
}

// List lists every object under prefix, with paths relative to it.
func (o *S3Objects) List(ctx context.Context, prefix string) ([]Item, error) {
	var out []Item
	p := s3.NewListObjectsV2Paginator(o.Client, &s3.ListObjectsV2Input{Bucket: &o.Bucket, Prefix: &prefix})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, obj := range page.Contents {
			rel := strings.TrimPrefix(aws.ToString(obj.Key), prefix)
			if strings.HasSuffix(rel, "/") && aws.ToInt64(obj.Size) == 0 && rel != "" {
				continue // a folder marker
			}
			out = append(out, Item{Path: rel, Size: aws.ToInt64(obj.Size), LastModified: aws.ToTime(obj.LastModified).UTC()})
		}
	}
	return out, nil
}

// PresignGet is a GET of key as an attachment named filename.
func (o *S3Objects) PresignGet(ctx context.Context, key, filename string, ttl time.Duration) (string, error) {
	disposition := "attachment; filename*=UTF-8''" + url.PathEscape(filename)
	req, err := s3.NewPresignClient(o.Client).PresignGetObject(ctx, &s3.GetObjectInput{Bucket: &o.Bucket, Key: &key,
		ResponseContentDisposition: &disposition}, s3.WithPresignExpires(ttl))
	if err != nil {
		return "", err
	}
	return req.URL, nil
}

// PresignPost is a browser POST form for exactly key, of 0 to maxBytes
// bytes, for ttl (the SDK adds the exact-key condition).
func (o *S3Objects) PresignPost(ctx context.Context, key string, maxBytes int64, ttl time.Duration) (string, map[string]string, error) {
	req, err := s3.NewPresignClient(o.Client).PresignPostObject(ctx, &s3.PutObjectInput{Bucket: &o.Bucket, Key: &key},
		func(po *s3.PresignPostOptions) {
			po.Expires = ttl
			po.Conditions = []any{[]any{"content-length-range", 0, maxBytes}}
		})
	if err != nil {
		return "", nil, err
	}
	return req.URL, req.Values, nil
}

// CognitoIdentities is Identities on an identity pool.
type CognitoIdentities struct {
	Client *cognitoidentity.Client
	PoolID string
	// Provider is the user pool's provider name in Logins:
	// "cognito-idp.<region>.amazonaws.com/<user pool id>".
	Provider string
}

// GetID is the identity id of the ID token's user.
func (c *CognitoIdentities) GetID(ctx context.Context, idToken string) (string, error) {
	out, err := c.Client.GetId(ctx, &cognitoidentity.GetIdInput{IdentityPoolId: &c.PoolID,
		Logins: map[string]string{c.Provider: idToken}})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.IdentityId), nil
}
