package test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/internal/compliance"
)

// fullestContext turns on every optional feature at once (see compliance.Fullest).
var fullestContext = compliance.Fullest()

// fullest is the every-feature configuration.
var fullest = configuration("fullest", fullestContext)

// disposable is the test-environment configuration (destroyOnRemoval).
var disposable = configuration("disposable", map[string]any{"destroyOnRemoval": "true"})

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
