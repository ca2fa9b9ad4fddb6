// Command compliance synthesizes the default and the fullest configuration
// with the cdk-nag rule packs (AwsSolutions, NIST 800-53 R5, HIPAA
// Security, PCI DSS 3.2.1), keeps their CSV reports in compliance/<config>/
// and prints a Markdown summary: per pack, the rules checked, compliant,
// suppressed (each rule with its reasons) and unsuppressed errors. It exits
// 1 when any error is unsuppressed. Run it from the repository root:
// `make compliance`.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/config"
	"github.com/privatefolders/privatefolders/internal/compliance"
	"github.com/privatefolders/privatefolders/internal/toolchain"
	"github.com/privatefolders/privatefolders/jsiiclose"
	"github.com/privatefolders/privatefolders/stacks"
)

func main() {
	toolchain.UsePinnedNode()
	failed, err := run()
	jsiiclose.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "compliance:", err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

func run() (failed bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = check.FromPanic(r)
		}
	}()
	configs := []struct {
		name     string
		settings map[string]any
	}{{"default", map[string]any{}}, {"fullest", compliance.Fullest()}}
	for _, c := range configs {
		outdir := filepath.Join("compliance", c.name)
		if err := os.RemoveAll(outdir); err != nil {
			return false, err
		}
		if err := synth(c.settings, outdir); err != nil {
			return false, fmt.Errorf("%s configuration: %w", c.name, err)
		}
		var summaries []compliance.Summary
		for _, pack := range compliance.PackNames {
			findings, err := compliance.ReadReport(outdir, pack)
			if err != nil {
				return false, err
			}
			s := compliance.Summarize(pack, findings)
			failed = failed || s.NonCompliant > 0
			summaries = append(summaries, s)
		}
		fmt.Printf("## %s configuration (reports in %s)\n\n%s\n", c.name, outdir, compliance.Markdown(c.name, summaries))
	}
	return failed, nil
}

// synth builds the app from cdk.json's context and settings, as main.go
// does, with the packs applied; the web app's build is skipped.
func synth(settings map[string]any, outdir string) error {
	ctx, err := config.FileContext("cdk.json")
	if err != nil {
		return err
	}
	for k, v := range settings {
		ctx[k] = v
	}
	ctx["aws:cdk:bundling-stacks"] = []any{}
	// Errors are counted from the reports, not raised by the synth.
	ctx["@aws-cdk/core:annotationsInValidationReport"] = false
	cfg, err := config.Parse(ctx)
	if err != nil {
		return err
	}
	app := awscdk.NewApp(&awscdk.AppProps{Context: &ctx, Outdir: jsii.String(outdir)})
	stacks.New(app, jsii.String(cfg.StackName), cfg.Props)
	for _, pack := range compliance.Packs() {
		awscdk.Aspects_Of(app).Add(pack, nil)
	}
	app.Synth(nil)
	return nil
}
