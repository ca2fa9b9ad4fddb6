// Command consumer shows the library used from another Go module: a stack
// of its own that holds the whole private-folders system (one construct),
// with a few settings of its own, next to its own resources. It also shows
// how a program reads the problems of bad props: every constructor refuses
// them with a *check.Error, which errors.As finds.
package main

import (
	"errors"
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3deployment"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/constructs/auth"
	"github.com/privatefolders/privatefolders/constructs/folders"
	"github.com/privatefolders/privatefolders/constructs/storage"
	"github.com/privatefolders/privatefolders/jsiiclose"
)

func main() {
	// jsiiclose.Close ends the jsii runtime like jsii.Close, without the
	// runtime's false "exited abnormally" message and leaving no temporary
	// folder behind.
	defer jsiiclose.Close()
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("TeamFiles"), nil)

	// A bucket name with dots is refused (it breaks TLS for the browser's
	// virtual-hosted requests): New panics with every problem of the props
	// before it creates anything, and the problems name the props.
	if _, err := newFiles(stack, "Refused", "Team.Files"); err != nil {
		var problems *check.Error
		if !errors.As(err, &problems) {
			panic(err)
		}
		for _, p := range problems.Problems {
			fmt.Printf("refused, as expected: %s: %s (received: %v)\n", p.Field, p.Rule, p.Received)
		}
	}

	system, err := newFiles(stack, "Files", "team-files-data")
	if err != nil {
		panic(err)
	}
	// The parts are exported: wire your own resources to them.
	awscdk.NewCfnOutput(stack, jsii.String("FilesBucket"), &awscdk.CfnOutputProps{
		Value: system.Storage.Bucket.BucketName(),
	})
	awscdk.NewCfnOutput(stack, jsii.String("FilesSite"), &awscdk.CfnOutputProps{
		Value: system.Site.URL,
	})
	app.Synth(nil)
}

// newFiles creates the system with the team's settings and the given data
// bucket name, returning New's refusal as an error.
func newFiles(scope constructs.Construct, id, bucketName string) (system *folders.System, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = check.FromPanic(r)
		}
	}()
	return folders.New(scope, jsii.String(id), &folders.Props{
		Auth: &auth.Props{
			DomainPrefix: jsii.String("team-files-login"),
			Mfa:          jsii.String(auth.MfaOptional),
			CallbackUrls: jsii.Strings("http://localhost:5173/"),
		},
		Storage: &storage.Props{
			BucketName:                      jsii.String(bucketName),
			CorsOrigins:                     jsii.Strings("http://localhost:5173"),
			NoncurrentVersionExpirationDays: jsii.Number(90),
		},
		WebSource: awss3deployment.Source_Asset(jsii.String("dist"), nil),
	}), nil
}
