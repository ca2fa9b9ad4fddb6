package share

import (
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/internal/propdoc"
)

func TestValidate(t *testing.T) {
	err := (&Props{OwnerKey: jsii.String("email"), RateLimit: jsii.Number(0), BurstLimit: jsii.Number(9000)}).Validate()
	var ce *check.Error
	if assert.ErrorAs(t, err, &ce) {
		var fields []string
		for _, p := range ce.Problems {
			fields = append(fields, p.Field)
		}
		assert.ElementsMatch(t, []string{"UserPool", "Client", "Bucket", "OwnerKey", "RateLimit", "BurstLimit"}, fields,
			"fails when a problem is not reported, all at once")
	}
	assert.Contains(t, (&Props{}).Validate().Error(), "IdentityPoolId", "fails when identityId mode has no identity pool")
}

func TestPropDocs(t *testing.T) {
	propdoc.Check(t, ".", "Props", map[string]check.Rule{"RateLimit": RateLimitRule, "BurstLimit": BurstLimitRule})
}

func TestSourceHash(t *testing.T) {
	a, b := sourceHash(moduleRoot()), sourceHash(moduleRoot())
	assert.Equal(t, a, b, "fails when the asset hash is not deterministic")
	assert.Len(t, a, 64)
}
