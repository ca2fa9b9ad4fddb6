// Command share-lambda is the share service's Lambda function (issue 15):
// the share package's handler behind API Gateway's HTTP API, configured
// by the environment constructs/share sets.
package main

import (
	"log"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/privatefolders/privatefolders/share"
)

func main() {
	h, err := share.FromEnv().Handler()
	if err != nil {
		log.Fatal(err)
	}
	lambda.Start(h.HandleAPIGateway)
}
