// Command emptyapp is the floor of any Go CDK app on the project's pinned
// versions: start Node.js, load aws-cdk-lib through jsii, synthesize one
// empty stack. bench/synth.sh compares the real app against it. It ends the
// runtime as the app does (jsiiclose), so its output is as quiet.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/jsiiclose"
)

func main() {
	defer jsiiclose.Close()
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Empty"), nil)
	awscdk.NewCfnWaitConditionHandle(stack, jsii.String("Nothing"), nil)
	app.Synth(nil)
}
