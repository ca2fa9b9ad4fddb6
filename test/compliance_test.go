package test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

// sslRule is a rule of each pack that every configuration evaluates on
// the data bucket (TLS-only requests), the proof that the pack ran.
var sslRule = map[string]string{
	"AwsSolutions":   "AwsSolutions-S10",
	"NIST.800.53.R5": "NIST.800.53.R5-S3BucketSSLRequestsOnly",
	"HIPAA.Security": "HIPAA.Security-S3BucketSSLRequestsOnly",
	"PCI.DSS.321":    "PCI.DSS.321-S3BucketSSLRequestsOnly",
}

// packRan fails unless pack's report for s shows that it evaluated rules,
// among them sslRule[pack] on the data bucket: without it, a test that
// only looks for errors would pass if the pack had not been applied, or
// if an upgrade had renamed its rules.
func packRan(t *testing.T, s *synthesized, pack string) {
	t.Helper()
	findings, err := compliance.ReadReport(s.outdir, pack)
	require.NoError(t, err, "the pack wrote no report: it was not applied")
	summary := compliance.Summarize(pack, findings)
	assert.Greater(t, summary.Rules, 0, "rules evaluated")
	assert.Greater(t, summary.Compliant, 0, "compliant findings")
	data := *s.stack.System.Storage.Bucket.Node().DefaultChild().Node().Path()
	var verdicts []string
	for _, f := range findings {
		if f.Rule == sslRule[pack] && f.Resource == data {
			verdicts = append(verdicts, f.Compliance)
		}
	}
	require.NotEmpty(t, verdicts, "%s was not evaluated on %s", sslRule[pack], data)
	for _, v := range verdicts {
		assert.Equal(t, "Compliant", v, "%s on %s", sslRule[pack], data)
	}
}

func TestCompliance(t *testing.T) {
	for _, c := range allConfigs(t) {
		for _, pack := range compliance.PackNames {
			t.Run(c.name+": fails when "+pack+" did not run", func(t *testing.T) {
				packRan(t, c.s, pack)
			})
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
