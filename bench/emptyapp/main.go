// Command emptyapp is the floor of any Go CDK app on the project's pinned
// versions: start Node.js, load aws-cdk-lib through jsii, synthesize one
// empty stack. bench/synth.sh compares the real app against it.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Empty"), nil)
	awscdk.NewCfnWaitConditionHandle(stack, jsii.String("Nothing"), nil)
	app.Synth(nil)
}
