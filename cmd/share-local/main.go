// Command share-local serves the share service's handler over plain HTTP,
// for the local preview and tests: it stands for API Gateway's HTTP API in
// front of the Lambda function. Each request becomes the payload 2.0 event
// API Gateway would send (routes as share.Routes, with the JWT authorizer
// on the non-public ones), and the function's answer becomes the response.
//
// Configuration is by flags, each defaulting to an environment variable;
// the credentials (the function role's) come from AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. Once listening it prints
// one JSON line, {"url": "http://127.0.0.1:<port>"}, on stdout.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/privatefolders/privatefolders/share"
)

func main() {
	log.SetFlags(0)
	if err := run(os.Args[1:]); err != nil {
		log.Fatalf("share-local: %v", err)
	}
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func run(args []string) error {
	fs := flag.NewFlagSet("share-local", flag.ContinueOnError)
	listen := fs.String("listen", env("SHARE_LISTEN", "127.0.0.1:0"), "address to listen on")
	issuer := fs.String("issuer", env("SHARE_ISSUER", ""), "the user pool's issuer URL (the JWT authorizer's issuer)")
	audience := fs.String("audience", env("SHARE_AUDIENCE", ""), "the web app client's id (the JWT authorizer's audience)")
	var s share.Settings
	fs.StringVar(&s.Region, "region", env("AWS_REGION", "us-east-1"), "region")
	fs.StringVar(&s.Table, "table", env(share.EnvTable, ""), "DynamoDB table")
	fs.StringVar(&s.Bucket, "bucket", env(share.EnvBucket, ""), "data bucket")
	fs.StringVar(&s.Prefix, "owner-prefix", env(share.EnvPrefix, "private/"), "owner prefix")
	fs.StringVar(&s.OwnerKey, "owner-key", env(share.EnvOwnerKey, "identityId"), "identityId or userPoolSub")
	fs.StringVar(&s.OwnerClaim, "owner-claim", env(share.EnvOwnerClaim, "sub"), "claim naming folders with userPoolSub")
	fs.StringVar(&s.IdentityPoolID, "identity-pool-id", env(share.EnvIdentityPoolID, ""), "identity pool id")
	fs.StringVar(&s.UserPoolProvider, "user-pool-provider", env(share.EnvUserPoolProvider, ""), "Logins key of the user pool in GetId; default: the issuer without its scheme")
	fs.StringVar(&s.SiteOrigin, "site-origin", env(share.EnvSiteOrigin, ""), "the site's origin, where links point")
	fs.StringVar(&s.DynamoDBEndpoint, "dynamodb-endpoint", env("DYNAMODB_ENDPOINT", ""), "DynamoDB endpoint URL")
	fs.StringVar(&s.S3Endpoint, "s3-endpoint", env("S3_ENDPOINT", ""), "S3 endpoint URL (path style)")
	fs.StringVar(&s.IdentityEndpoint, "identity-endpoint", env("IDENTITY_ENDPOINT", ""), "Cognito identity endpoint URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *issuer == "" || *audience == "" {
		return fmt.Errorf("-issuer and -audience are required (received: %q, %q)", *issuer, *audience)
	}
	if s.UserPoolProvider == "" {
		s.UserPoolProvider = trimScheme(*issuer)
	}
	h, err := s.Handler()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	gw := &gateway{handler: h, auth: &authorizer{issuer: *issuer, audience: *audience,
		jwksURL: *issuer + "/.well-known/jwks.json", client: &http.Client{Timeout: 10 * time.Second}, now: time.Now}}
	line, _ := json.Marshal(map[string]string{"url": "http://" + ln.Addr().String()})
	fmt.Println(string(line))
	srv := &http.Server{Handler: gw, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

func trimScheme(u string) string {
	for _, p := range []string{"https://", "http://"} {
		if len(u) > len(p) && u[:len(p)] == p {
			return u[len(p):]
		}
	}
	return u
}
