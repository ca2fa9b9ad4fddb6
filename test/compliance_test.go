package test

import (
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/internal/compliance"
)

// fullestContext turns on every optional feature at once (see compliance.Fullest).
var fullestContext = compliance.Fullest()

var (
	fullestOnce, disposableOnce sync.Once
	fullestApp, disposableApp   *synthesized
)

// fullest is the every-feature configuration, synthesized once per test binary.
func fullest(t testing.TB) *synthesized {
	fullestOnce.Do(func() { fullestApp = synth(t, fullestContext) })
	require.NotNil(t, fullestApp, "the fullest configuration failed to synthesize")
	return fullestApp
}

// disposable is the test-environment configuration (destroyOnRemoval),
// synthesized once per test binary.
func disposable(t testing.TB) *synthesized {
	disposableOnce.Do(func() { disposableApp = synth(t, map[string]any{"destroyOnRemoval": "true"}) })
	require.NotNil(t, disposableApp, "the disposable configuration failed to synthesize")
	return disposableApp
}

// allConfigs are every synthesized configuration.
func allConfigs(t testing.TB) []named {
	return []named{{"defaults", defaults(t)}, {"variant", variant(t)}, {"levels", levels(t)},
		{"fullest", fullest(t)}, {"disposable", disposable(t)}, {"federation", federation(t)}}
}

func TestCompliance(t *testing.T) {
	for _, c := range allConfigs(t) {
		for _, pack := range compliance.PackNames {
			t.Run(c.name+": fails when "+pack+" has an unsuppressed error", func(t *testing.T) {
				findings := assertions.Annotations_FromStack(c.s.stack.Stack).
					FindError(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String(pack+"-.*")))
				for _, f := range *findings {
					t.Errorf("%s: %v", *f.Id, f.Entry.Data)
				}
			})
		}
	}
}
