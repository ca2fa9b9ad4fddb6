// Command consumer shows the library used from another Go module: a stack
// of its own that holds the whole private-folders system (one construct),
// with a few settings of its own, next to its own resources.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3deployment"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/constructs/folders"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("TeamFiles"), nil)

	system := folders.New(stack, jsii.String("Files"), &folders.Props{
		DomainPrefix:                    jsii.String("team-files-login"),
		Mfa:                             jsii.String("optional"),
		CallbackUrls:                    jsii.Strings("http://localhost:5173/"),
		CorsOrigins:                     jsii.Strings("http://localhost:5173"),
		NoncurrentVersionExpirationDays: jsii.Number(90),
		WebSource:                       awss3deployment.Source_Asset(jsii.String("dist"), nil),
	})

	// The parts are exported: wire your own resources to them.
	awscdk.NewCfnOutput(stack, jsii.String("FilesBucket"), &awscdk.CfnOutputProps{
		Value: system.Storage.Bucket.BucketName(),
	})
	awscdk.NewCfnOutput(stack, jsii.String("FilesSite"), &awscdk.CfnOutputProps{
		Value: system.Site.URL,
	})
	app.Synth(nil)
}
