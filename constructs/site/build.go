package site

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3deployment"
	"github.com/aws/jsii-runtime-go"
)

// BuildOutput is the folder an npm project's `npm run build` writes, which
// AppSource deploys.
const BuildOutput = "dist"

// AppSource is the web app in dir, ready for Content: when dir is an npm
// project (it has a package.json) it is built at synth time with
// `npm ci && npm run build` and dir/dist is deployed; otherwise dir is
// deployed as it is.
//
// The build joins the CDK's asset bundling, so `cdk deploy` from a clean
// clone always deploys the current app, while tests and tools that skip
// bundling (context aws:cdk:bundling-stacks = []) never run it. The asset
// hash is the source's, so two synths of the same source agree.
func AppSource(dir string) awss3deployment.ISource {
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return awss3deployment.Source_Asset(jsii.String(dir), nil)
	}
	return awss3deployment.Source_Asset(jsii.String(dir), &awss3assets.AssetOptions{
		AssetHashType: awscdk.AssetHashType_SOURCE,
		Exclude:       jsii.Strings("node_modules", BuildOutput, "*.tsbuildinfo", "config.dev.json"),
		Bundling: &awscdk.BundlingOptions{
			// Used only where the local build cannot run; the local build
			// needs just npm, which the project's toolchain provides.
			Image:   awscdk.DockerImage_FromRegistry(jsii.String("node:22-alpine")),
			Command: jsii.Strings("sh", "-c", "npm ci && npm run build && cp -r dist/. /asset-output/"),
			Local:   &npmBuild{dir: dir},
		},
	})
}

// npmBuild builds an npm project on this machine.
type npmBuild struct{ dir string }

// TryBundle runs `npm ci` and `npm run build` in the project and copies its
// dist/ folder to outputDir. It reports false only when npm is missing, so
// the CDK can fall back to its container; a failing build stops the synth.
func (b *npmBuild) TryBundle(outputDir *string, _ *awscdk.BundlingOptions) *bool {
	if _, err := exec.LookPath("npm"); err != nil {
		return jsii.Bool(false)
	}
	for _, args := range [][]string{{"ci", "--no-audit", "--no-fund"}, {"run", "build"}} {
		cmd := exec.Command("npm", args...)
		cmd.Dir = b.dir
		cmd.Stdout = os.Stderr // stdout belongs to the CDK
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			panic(fmt.Errorf("building the web app in %s: npm %s: %w", b.dir, args[0], err))
		}
	}
	if err := os.CopyFS(*outputDir, os.DirFS(filepath.Join(b.dir, BuildOutput))); err != nil {
		panic(fmt.Errorf("copying the web app's build from %s: %w", filepath.Join(b.dir, BuildOutput), err))
	}
	return jsii.Bool(true)
}
