package share

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func testObjects() *S3Objects {
	client := s3.New(s3.Options{Region: "eu-west-1", Credentials: aws.CredentialsProviderFunc(
		func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret", SessionToken: "token"}, nil
		})})
	return &S3Objects{Client: client, Bucket: "data-bucket"}
}

func TestPresignPostPolicy(t *testing.T) {
	key := "private/eu-west-1:a/drop/ID/cv.pdf"
	u, fields, err := testObjects().PresignPost(context.Background(), key, 1000, PresignedPostTTL)
	if err != nil {
		t.Fatal(err)
	}
	if u != "https://data-bucket.s3.eu-west-1.amazonaws.com" || fields["key"] != key || fields["X-Amz-Security-Token"] != "token" {
		t.Fatalf("url %s fields %v", u, fields)
	}
	raw, _ := base64.StdEncoding.DecodeString(fields["policy"])
	var policy struct {
		Expiration time.Time
		Conditions []any
	}
	if err := json.Unmarshal(raw, &policy); err != nil {
		t.Fatal(err)
	}
	if d := time.Until(policy.Expiration); d > PresignedPostTTL || d < PresignedPostTTL-time.Minute {
		t.Errorf("fails when the policy lives %v", d)
	}
	var exactKey, sizeRange bool
	for _, c := range policy.Conditions {
		b, _ := json.Marshal(c)
		switch string(b) {
		case `{"key":"` + key + `"}`:
			exactKey = true
		case `["content-length-range",0,1000]`:
			sizeRange = true
		}
		if strings.Contains(string(b), "starts-with") {
			t.Errorf("fails when the policy lets the key vary: %s", b)
		}
	}
	if !exactKey || !sizeRange {
		t.Fatalf("fails when the policy misses the exact key or the size range: %s", raw)
	}
}

func TestPresignGetIsAnAttachment(t *testing.T) {
	u, err := testObjects().PresignGet(context.Background(), "private/a/r é.pdf", "r é.pdf", PresignedGetTTL)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(u, "response-content-disposition=attachment") || !strings.Contains(u, "X-Amz-Expires=300") {
		t.Fatalf("url %s", u)
	}
}
