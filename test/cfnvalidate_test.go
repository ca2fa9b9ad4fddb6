package test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTemplateValidation guards the cdk.json setting that makes the CDK's
// bundled CloudFormation validator fail the synth: without it, a circular
// dependency scrolls past as a warning and is found only at deploy time.
func TestTemplateValidation(t *testing.T) {
	t.Run("fails synth on a circular dependency", func(t *testing.T) {
		ctx := cdkContext(t, nil)
		require.Equal(t, true, ctx["@aws-cdk/core:validateAgainstDefaultRules"])
		app := awscdk.NewApp(&awscdk.AppProps{Context: &ctx, Outdir: jsii.String(t.TempDir())})
		st := awscdk.NewStack(app, jsii.String("Cycle"), nil)
		a := awss3.NewCfnBucket(st, jsii.String("A"), &awss3.CfnBucketProps{})
		b := awss3.NewCfnBucket(st, jsii.String("B"), &awss3.CfnBucketProps{BucketName: a.Ref()})
		a.AddPropertyOverride(jsii.String("Tags"), []any{map[string]any{"Key": "peer", "Value": b.Ref()}})
		err := synthError(app)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "Validation failed")
	})
	t.Run("the real stack passes it", func(t *testing.T) {
		require.NotNil(t, defaults(t).template, "synth would have panicked on a finding")
	})
}

// synthError synthesizes app and returns the panic the CDK raised, if any.
func synthError(app awscdk.App) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	app.Synth(nil)
	return nil
}
