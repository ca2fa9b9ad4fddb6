// Command privatefolders is the CDK app: it reads the context (cdk.json and
// -c key=value), builds the stack and synthesizes it. Bad settings end it
// with one line per problem and exit status 1, before anything is written.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/config"
	"github.com/privatefolders/privatefolders/internal/toolchain"
	"github.com/privatefolders/privatefolders/jsiiclose"
	"github.com/privatefolders/privatefolders/stacks"
)

func main() {
	toolchain.UsePinnedNode()
	err := run()
	jsiiclose.Close()
	if err != nil {
		report(err)
		os.Exit(1)
	}
}

// run builds and synthesizes the app. A panic inside the CDK (a construct
// refusing its props, a failed template validation) becomes an error, so
// the user reads a message, not a goroutine trace.
func run() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = check.FromPanic(r)
		}
	}()
	// Settings are checked before the CDK starts: a bad one costs no
	// Node.js start-up and writes nothing.
	ctx, err := config.LoadContext("cdk.json")
	if err != nil {
		return err
	}
	cfg, err := config.Parse(ctx)
	if err != nil {
		return err
	}
	app := awscdk.NewApp(appProps(ctx))
	stacks.New(app, jsii.String(cfg.StackName), cfg.Props)
	app.Synth(nil)
	return nil
}

// report prints a configuration error as one line per problem, or any other
// error as it is.
func report(err error) {
	var e *check.Error
	if errors.As(err, &e) {
		fmt.Fprintf(os.Stderr, "Invalid configuration (%d problem(s)); nothing was synthesized:\n", len(e.Problems))
		for _, p := range e.Problems {
			fmt.Fprintln(os.Stderr, "  "+p.String())
		}
		return
	}
	fmt.Fprintln(os.Stderr, "Error:", err)
}

// appProps is nil under the CDK CLI, which passes the context and the
// output folder itself. Run by hand (`go run .`), the app hands the CDK
// cdk.json's context and writes to cdk.out, as `cdk synth` would.
func appProps(ctx map[string]any) *awscdk.AppProps {
	if config.UnderCLI() {
		return nil
	}
	// What the CLI adds by default: construct paths and asset metadata in
	// the template, and the CDK version in the CDKMetadata resource.
	for _, key := range []string{"aws:cdk:enable-path-metadata", "aws:cdk:enable-asset-metadata", "aws:cdk:version-reporting"} {
		if _, set := ctx[key]; !set {
			ctx[key] = true
		}
	}
	return &awscdk.AppProps{Context: &ctx, Outdir: jsii.String("cdk.out")}
}
