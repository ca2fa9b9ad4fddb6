// Package test holds the template-level tests: each configuration is
// synthesized once, through the same context parsing as `cdk synth`, with
// cdk.json's context loaded, and asserted on in fine grain.
package test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/config"
	"github.com/privatefolders/privatefolders/internal/compliance"
	"github.com/privatefolders/privatefolders/internal/toolchain"
	"github.com/privatefolders/privatefolders/jsiiclose"
	"github.com/privatefolders/privatefolders/stacks"
)

// scratch holds what this test binary writes (synthesized outdirs, the
// app's binary); TestMain removes it, so a run leaves nothing behind.
var scratch string

func TestMain(m *testing.M) {
	toolchain.UsePinnedNode()
	var err error
	if scratch, err = os.MkdirTemp("", "privatefolders-test-"); err != nil {
		panic(err)
	}
	code := m.Run()
	jsiiclose.Close()
	os.RemoveAll(scratch)
	os.Exit(code)
}

// root is the repository root, seen from this package's directory.
const root = ".."

// cdkContext is cdk.json's context, so tests see what `cdk synth` sees,
// plus the overrides; webDir is made relative to the repository root and
// the web app's build is skipped.
func cdkContext(t testing.TB, overrides map[string]any) map[string]any {
	ctx, err := config.FileContext(filepath.Join(root, "cdk.json"))
	require.NoError(t, err)
	ctx["webDir"] = filepath.Join(root, config.DefaultWebDir)
	// The web app's npm build is asset bundling: tests skip it (as
	// `cdk synth --exclusively` does for other stacks) and stay fast; the
	// asset hash still comes from the app's source.
	ctx["aws:cdk:bundling-stacks"] = []any{}
	// What the CLI adds, so the template is the one `cdk synth` writes.
	ctx["aws:cdk:enable-path-metadata"] = true
	for k, v := range overrides {
		ctx[k] = v
	}
	return ctx
}

// synthesized is one configuration, synthesized once.
type synthesized struct {
	app      awscdk.App
	stack    *stacks.Stack
	template assertions.Template
	outdir   string
}

// synth builds the app from context exactly as main.go does, with the
// cdk-nag rule packs applied, and synthesizes it. A synthesis that panics
// (a construct refusing its props, the CDK refusing the tree) fails the
// test that asked for it, with the reason, instead of ending the binary.
func synth(t testing.TB, overrides map[string]any) (s *synthesized) {
	ctx := cdkContext(t, overrides)
	cfg, err := config.Parse(ctx)
	require.NoError(t, err)
	outdir, err := os.MkdirTemp(scratch, "synth-")
	require.NoError(t, err)
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("synthesis failed: %v", check.FromPanic(r))
		}
	}()
	app := awscdk.NewApp(&awscdk.AppProps{Context: &ctx, Outdir: jsii.String(outdir)})
	stack := stacks.New(app, jsii.String(cfg.StackName), cfg.Props)
	for _, pack := range compliance.Packs() {
		awscdk.Aspects_Of(app).Add(pack, nil)
	}
	app.Synth(nil)
	return &synthesized{app: app, stack: stack, template: assertions.Template_FromStack(stack.Stack, nil), outdir: outdir}
}

// configuration returns a function that synthesizes the settings once per
// test binary, on first use, and hands every caller the same result.
func configuration(name string, settings map[string]any) func(testing.TB) *synthesized {
	var once sync.Once
	var s *synthesized
	return func(t testing.TB) *synthesized {
		once.Do(func() { s = synth(t, settings) })
		require.NotNil(t, s, "the %s configuration failed to synthesize", name)
		return s
	}
}

// defaults is the zero-configuration stack.
var defaults = configuration("default", nil)

// resources returns the template's resources of one type, by logical id.
func resources(t testing.TB, s *synthesized, typ string) map[string]map[string]any {
	found := s.template.FindResources(jsii.String(typ), nil)
	out := map[string]map[string]any{}
	for id, r := range *found {
		out[id] = *r
	}
	return out
}

// only returns the single resource of a type, failing when there is not exactly one.
func only(t testing.TB, s *synthesized, typ string) (string, map[string]any) {
	all := resources(t, s, typ)
	require.Len(t, all, 1, "expected exactly one %s", typ)
	for id, r := range all {
		return id, r
	}
	return "", nil
}

// props returns a resource's Properties.
func props(r map[string]any) map[string]any {
	p, _ := r["Properties"].(map[string]any)
	return p
}

func obj(v map[string]any) *map[string]any { return &v }

func has(s *synthesized, typ string, p map[string]any) {
	s.template.HasResourceProperties(jsii.String(typ), assertions.Match_ObjectLike(obj(p)))
}
