package folders

import (
	"errors"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/constructs/auth"
	"github.com/privatefolders/privatefolders/constructs/site"
	"github.com/privatefolders/privatefolders/constructs/storage"
	"github.com/privatefolders/privatefolders/internal/propdoc"
)

// problems validates p and returns its problems as "field: rule" lines,
// failing when p is valid.
func problems(t *testing.T, p *Props) []check.Problem {
	t.Helper()
	var e *check.Error
	require.True(t, errors.As(p.Validate(), &e), "not refused")
	return e.Problems
}

func fields(ps []check.Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Field
	}
	return out
}

func TestValidate(t *testing.T) {
	t.Run("nil and empty props are valid", func(t *testing.T) {
		assert.NoError(t, (*Props)(nil).Validate())
		assert.NoError(t, (&Props{Auth: &auth.Props{}, Storage: &storage.Props{}, Site: &site.Props{}}).Validate())
	})
	t.Run("a part's problem names the part and its own prop", func(t *testing.T) {
		ps := problems(t, &Props{
			Auth:    &auth.Props{Mfa: jsii.String("sms")},
			Storage: &storage.Props{BucketName: jsii.String("My.Files")},
			Site:    &site.Props{DomainNames: jsii.Strings("files.example.com")},
		})
		assert.ElementsMatch(t, []string{"Auth.Mfa", "Storage.BucketName", "Site.CertificateArn"}, fields(ps))
		for _, p := range ps {
			if p.Field == "Site.CertificateArn" {
				assert.Contains(t, p.Rule, "when Site.DomainNames are", "a rule's reference is renamed with its field")
			}
		}
	})
	t.Run("groups are named as the system's Groups, whichever part finds the problem", func(t *testing.T) {
		ps := problems(t, &Props{Groups: &[]*Group{{Name: jsii.String("my group"), Precedence: jsii.Number(1),
			Rules: &[]*Rule{{Path: jsii.String(""), Permissions: jsii.Strings("get")}}}}})
		assert.ElementsMatch(t, []string{"Groups.Name", "Groups.Rules.Path"}, fields(ps), "%v", ps)
	})
	t.Run("fails when a callback URL's origin cannot reach the bucket", func(t *testing.T) {
		ps := problems(t, &Props{Auth: &auth.Props{CallbackUrls: jsii.Strings("http://localhost:5173/")}})
		require.Len(t, ps, 1)
		assert.Equal(t, "Auth.CallbackUrls", ps[0].Field)
		assert.Contains(t, ps[0].Rule, "must also be in Storage.CorsOrigins")
		assert.NoError(t, (&Props{Auth: &auth.Props{CallbackUrls: jsii.Strings("http://localhost:5173/")},
			Storage: &storage.Props{CorsOrigins: jsii.Strings("http://localhost:5173")}}).Validate())
	})
}

func TestValidateWired(t *testing.T) {
	role := awsiam.Role(nil)
	cases := []struct {
		name, field string
		props       *Props
	}{
		{"fails when a part's removal policy differs from DestroyOnRemoval's", "Storage.RemovalPolicy",
			&Props{Storage: &storage.Props{RemovalPolicy: awscdk.RemovalPolicy_DESTROY}}},
		{"fails when auth's removal policy differs from DestroyOnRemoval's", "Auth.RemovalPolicy",
			&Props{DestroyOnRemoval: jsii.Bool(true), Auth: &auth.Props{RemovalPolicy: awscdk.RemovalPolicy_RETAIN}}},
		{"fails when the site's removal policy differs from DestroyOnRemoval's", "Site.RemovalPolicy",
			&Props{Site: &site.Props{RemovalPolicy: awscdk.RemovalPolicy_SNAPSHOT}}},
		{"fails when auth's groups are set instead of Groups", "Auth.Groups", &Props{Auth: &auth.Props{Groups: &[]*auth.Group{}}}},
		{"fails when storage's owner key differs from auth's", "Storage.OwnerKey",
			&Props{Storage: &storage.Props{OwnerKey: jsii.String("userPoolSub")}}},
		{"fails when storage's logs retention would be ignored", "Storage.LogsRetentionDays",
			&Props{Storage: &storage.Props{LogsRetentionDays: jsii.Number(30)}}},
		{"fails when storage's roles are set", "Storage.OwnerRoles", &Props{Storage: &storage.Props{OwnerRoles: &[]awsiam.IRole{role}}}},
		{"fails when storage's group rules are set instead of Groups", "Storage.GroupRules",
			&Props{Storage: &storage.Props{GroupRules: &[]*storage.GroupRule{}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, []string{c.field}, fields(problems(t, c.props)))
		})
	}
	t.Run("values that agree with the system's are accepted", func(t *testing.T) {
		assert.NoError(t, (&Props{
			DestroyOnRemoval: jsii.Bool(true),
			Auth:             &auth.Props{OwnerKey: jsii.String("userPoolSub"), RemovalPolicy: awscdk.RemovalPolicy_DESTROY},
			Storage:          &storage.Props{OwnerKey: jsii.String("userPoolSub"), LogsRetentionDays: jsii.Number(30)},
			Site:             &site.Props{LogsRetentionDays: jsii.Number(30)},
		}).Validate())
	})
}

func TestPropDocs(t *testing.T) {
	propdoc.Check(t, ".", "Props", map[string]check.Rule{"DestroyOnRemoval": DestroyOnRemovalRule, "Sharing": SharingRule})
}
