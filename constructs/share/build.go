package share

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/jsii-runtime-go"
)

// Entry is the function's main package, relative to the module root.
const Entry = "cmd/share-lambda"

// sourcePackages are the folders whose Go files make the function; with
// go.mod and go.sum they are the asset's hash.
var sourcePackages = []string{Entry, "share"}

// moduleRoot is the root of this Go module, where this file's source is.
func moduleRoot() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "."
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// FunctionCode is the share service's function, built by the CDK app from
// the Go source in root: GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -o
// bootstrap, on this machine (no Docker). The build joins the CDK's asset
// bundling, so tests that skip bundling (context
// aws:cdk:bundling-stacks = []) never run it; the asset hash is the
// source's, so two synths of the same source agree.
func FunctionCode(root string) awslambda.Code {
	return awslambda.Code_FromAsset(jsii.String(filepath.Join(root, Entry)), &awss3assets.AssetOptions{
		AssetHashType: awscdk.AssetHashType_CUSTOM,
		AssetHash:     jsii.String(sourceHash(root)),
		Bundling: &awscdk.BundlingOptions{
			// Used only where Go is missing on the machine.
			Image:   awscdk.DockerImage_FromRegistry(jsii.String("golang:1.26")),
			Command: jsii.Strings("sh", "-c", "echo 'install Go to build the share function' >&2; exit 1"),
			Local:   &goBuild{root: root},
		},
	})
}

// sourceHash is the SHA-256 of the function's Go files, go.mod and go.sum.
func sourceHash(root string) string {
	var files []string
	for _, dir := range sourcePackages {
		_ = filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
				files = append(files, p)
			}
			return nil
		})
	}
	files = append(files, filepath.Join(root, "go.mod"), filepath.Join(root, "go.sum"))
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		b, _ := os.ReadFile(f)
		rel, _ := filepath.Rel(root, f)
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// goBuild builds the function on this machine.
type goBuild struct{ root string }

// TryBundle cross-compiles the function to outputDir/bootstrap. It reports
// false only when go is missing; a failing build stops the synth.
func (b *goBuild) TryBundle(outputDir *string, _ *awscdk.BundlingOptions) *bool {
	if _, err := exec.LookPath("go"); err != nil {
		return jsii.Bool(false)
	}
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-tags", "lambda.norpc",
		"-ldflags=-s -w -buildid=", "-o", filepath.Join(*outputDir, "bootstrap"), "./"+Entry)
	cmd.Dir = b.root
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
	cmd.Stdout = os.Stderr // stdout belongs to the CDK
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		panic(fmt.Errorf("building the share function in %s: %w", b.root, err))
	}
	return jsii.Bool(true)
}
