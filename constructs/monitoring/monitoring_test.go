package monitoring

import (
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/internal/propdoc"
	"github.com/privatefolders/privatefolders/internal/toolchain"
	"github.com/privatefolders/privatefolders/jsiiclose"
)

func TestMain(m *testing.M) {
	toolchain.UsePinnedNode()
	code := m.Run()
	jsiiclose.Close()
	os.Exit(code)
}

// fixture is every watched part at once, in us-east-1 (where the site's
// alarm can live), with test-only imports standing for a service's
// function, API and table; and the same parts, minus the service, in a
// stack whose region is known only at deploy time.
type fixture struct {
	full, agnostic assertions.Template
	fullM          *Monitoring
}

var fixtureOnce = sync.OnceValue(func() fixture {
	app := awscdk.NewApp(nil)
	full := awscdk.NewStack(app, jsii.String("Full"), &awscdk.StackProps{Env: &awscdk.Environment{
		Account: jsii.String("123456789012"), Region: jsii.String("us-east-1")}})
	props := parts(full)
	props.AlarmEmail = jsii.String("ops@example.com")
	props.Function = awslambda.Function_FromFunctionName(full, jsii.String("Fn"), jsii.String("share"))
	props.HttpApi = awsapigatewayv2.HttpApi_FromHttpApiAttributes(full, jsii.String("Api"), &awsapigatewayv2.HttpApiAttributes{HttpApiId: jsii.String("a1b2c3")})
	props.Table = awsdynamodb.Table_FromTableName(full, jsii.String("Table"), jsii.String("shares"))
	m := New(full, jsii.String("Monitoring"), props)
	agnostic := awscdk.NewStack(app, jsii.String("Agnostic"), nil)
	New(agnostic, jsii.String("Monitoring"), parts(agnostic))
	return fixture{full: assertions.Template_FromStack(full, nil), agnostic: assertions.Template_FromStack(agnostic, nil), fullM: m}
})

// parts are the system's parts, imported: a distribution, the data bucket
// and its request-metrics filter, a user pool and its client.
func parts(s awscdk.Stack) *Props {
	return &Props{
		Distribution: awscloudfront.Distribution_FromDistributionAttributes(s, jsii.String("Cdn"), &awscloudfront.DistributionAttributes{
			DistributionId: jsii.String("E123"), DomainName: jsii.String("d1.cloudfront.net")}),
		DataBucket:             awss3.Bucket_FromBucketName(s, jsii.String("Data"), jsii.String("files-data")),
		RequestMetricsFilterId: jsii.String("OwnerFolders"),
		UserPool:               awscognito.UserPool_FromUserPoolId(s, jsii.String("Pool"), jsii.String("us-east-1_abc")),
		UserPoolClient:         awscognito.UserPoolClient_FromUserPoolClientId(s, jsii.String("Client"), jsii.String("client123")),
	}
}

// dashboard is the dashboard body's JSON, with tokens rendered as text.
func dashboard(t *testing.T, tpl assertions.Template) string {
	found := *tpl.FindResources(jsii.String("AWS::CloudWatch::Dashboard"), nil)
	require.Len(t, found, 1)
	for _, r := range found {
		b, err := json.Marshal((*r)["Properties"])
		require.NoError(t, err)
		return string(b)
	}
	return ""
}

// alarmIDs are the alarm construct ids in tpl, from their descriptions' rule.
func alarmsIn(tpl assertions.Template) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range *tpl.FindResources(jsii.String("AWS::CloudWatch::Alarm"), nil) {
		out[id] = (*r)["Properties"].(map[string]any)
	}
	return out
}

func TestTopic(t *testing.T) {
	f := fixtureOnce()
	t.Run("fails when the topic is not encrypted with its own key", func(t *testing.T) {
		f.full.HasResourceProperties(jsii.String("AWS::SNS::Topic"), map[string]any{
			"KmsMasterKeyId": assertions.Match_ObjectLike(&map[string]any{"Fn::GetAtt": assertions.Match_AnyValue()})})
		f.full.HasResourceProperties(jsii.String("AWS::KMS::Key"), map[string]any{"EnableKeyRotation": true})
	})
	t.Run("fails when CloudWatch may not use the key to publish", func(t *testing.T) {
		f.full.HasResourceProperties(jsii.String("AWS::KMS::Key"), map[string]any{
			"KeyPolicy": assertions.Match_ObjectLike(&map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{
				assertions.Match_ObjectLike(&map[string]any{
					"Principal": map[string]any{"Service": "cloudwatch.amazonaws.com"},
					"Action":    []any{"kms:Decrypt", "kms:GenerateDataKey*"},
				})})})})
	})
	t.Run("fails when the topic accepts plain HTTP", func(t *testing.T) {
		f.full.HasResourceProperties(jsii.String("AWS::SNS::TopicPolicy"), map[string]any{
			"PolicyDocument": assertions.Match_ObjectLike(&map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{
				assertions.Match_ObjectLike(&map[string]any{
					"Effect": "Deny", "Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
				})})})})
	})
	t.Run("fails when the alarm email is not subscribed", func(t *testing.T) {
		f.full.HasResourceProperties(jsii.String("AWS::SNS::Subscription"), map[string]any{"Protocol": "email", "Endpoint": "ops@example.com"})
		f.agnostic.ResourceCountIs(jsii.String("AWS::SNS::Subscription"), jsii.Number(0))
	})
}

func TestDashboard(t *testing.T) {
	f := fixtureOnce()
	body := dashboard(t, f.full)
	t.Run("fails when CloudFront metrics are not read in us-east-1 with Region=Global", func(t *testing.T) {
		for _, d := range []string{dashboard(t, f.full), dashboard(t, f.agnostic)} {
			assert.Contains(t, d, `[\"AWS/CloudFront\",\"Requests\",\"DistributionId\",\"E123\",\"Region\",\"Global\",{\"region\":\"us-east-1\"`)
			assert.Contains(t, d, `\"5xxErrorRate\",\"DistributionId\",\"E123\",\"Region\",\"Global\",{\"region\":\"us-east-1\"`)
		}
	})
	t.Run("fails when the data bucket's request metrics are not the owner prefix's filter", func(t *testing.T) {
		for _, m := range []string{"AllRequests", "4xxErrors", "5xxErrors"} {
			assert.Contains(t, body, `[\"AWS/S3\",\"`+m+`\",\"BucketName\",\"files-data\",\"FilterId\",\"OwnerFolders\"`)
		}
	})
	t.Run("fails when sign-ins, sign-up failures or throttles are missing", func(t *testing.T) {
		for _, m := range []string{"SignInSuccesses", "SignUpSuccesses", "SignInThrottles", "SignUpThrottles", "TokenRefreshThrottles"} {
			assert.Contains(t, body, `\"AWS/Cognito\",\"`+m+`\",\"UserPool\",\"us-east-1_abc\",\"UserPoolClient\",\"client123\"`)
		}
		assert.Contains(t, body, "FILL(attempts, 0) - FILL(successes, 0)")
	})
	t.Run("fails when the dashboard hides that identity pools publish no metrics", func(t *testing.T) {
		assert.Contains(t, body, "Identity pool")
	})
	t.Run("fails when the service's function, API and table are not shown", func(t *testing.T) {
		for _, m := range []string{`\"AWS/Lambda\",\"Errors\",\"FunctionName\"`, `:function:share`, `\"AWS/Lambda\",\"Throttles\"`,
			`\"AWS/Lambda\",\"Duration\"`, `\"AWS/ApiGateway\",\"5xx\",\"ApiId\",\"a1b2c3\"`, `\"AWS/DynamoDB\",\"ReadThrottleEvents\",\"TableName\",\"shares\"`} {
			assert.Contains(t, body, m)
		}
		assert.NotContains(t, dashboard(t, f.agnostic), "AWS/Lambda")
	})
}

func TestAlarms(t *testing.T) {
	f := fixtureOnce()
	full, agnostic := alarmsIn(f.full), alarmsIn(f.agnostic)
	t.Run("fails when a watched part has no alarm", func(t *testing.T) {
		assert.Len(t, full, len(AlarmRules))
		assert.Len(t, f.fullM.Alarms, len(AlarmRules))
		for _, r := range AlarmRules {
			assert.Contains(t, f.fullM.Alarms, r.ID)
		}
	})
	t.Run("fails when an alarm does not notify the topic, on alarm and on recovery", func(t *testing.T) {
		for id, a := range full {
			for _, key := range []string{"AlarmActions", "OKActions"} {
				actions, _ := a[key].([]any)
				require.Len(t, actions, 1, "%s %s", id, key)
				assert.Contains(t, actions[0], "Ref", "%s %s", id, key)
			}
			assert.Equal(t, "notBreaching", a["TreatMissingData"], id)
		}
	})
	t.Run("fails when the site alarm is made where CloudFront metrics are not", func(t *testing.T) {
		assert.Len(t, agnostic, len(AlarmRules)-5, "the agnostic stack: data (2) and sign-in (1) alarms only")
		f.full.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), map[string]any{
			"MetricName": "5xxErrorRate", "Namespace": "AWS/CloudFront", "Threshold": 5,
			"ComparisonOperator": "GreaterThanThreshold", "EvaluationPeriods": 3, "DatapointsToAlarm": 3})
		for _, a := range agnostic {
			assert.NotEqual(t, "AWS/CloudFront", a["Namespace"])
		}
	})
	t.Run("fails when a threshold differs from the documented rule", func(t *testing.T) {
		f.full.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), map[string]any{
			"MetricName": "5xxErrors", "Namespace": "AWS/S3", "Threshold": 10, "EvaluationPeriods": 3, "DatapointsToAlarm": 2,
			"ComparisonOperator": "GreaterThanOrEqualToThreshold", "Period": 300})
		f.full.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), map[string]any{
			"Threshold": 1, "EvaluationPeriods": 2, "DatapointsToAlarm": 2,
			"Metrics": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{"Expression": "FILL(reads, 0) + FILL(writes, 0)"})})})
	})
	t.Run("fails when the README does not document an alarm", func(t *testing.T) {
		readme, err := os.ReadFile("../../README.md")
		require.NoError(t, err)
		for _, r := range AlarmRules {
			assert.True(t, strings.Contains(string(readme), "`"+r.ID+"`"), "README has no `%s`", r.ID)
		}
	})
}

func TestValidate(t *testing.T) {
	assert.NoError(t, (*Props)(nil).Validate())
	assert.NoError(t, (&Props{AlarmEmail: jsii.String("ops+alarms@example.co.uk")}).Validate())
	for _, bad := range []string{"ops", "ops@example", "a@b.com, c@d.com", "ops @example.com", "@example.com"} {
		t.Run("fails when the alarm email is "+bad, func(t *testing.T) {
			err := (&Props{AlarmEmail: jsii.String(bad)}).Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), `AlarmEmail: must be one email address, such as ops@example.com (received: "`+bad+`")`)
		})
	}
}

func TestPropDocs(t *testing.T) {
	propdoc.Check(t, ".", "Props", map[string]check.Rule{"AlarmEmail": AlarmEmailRule})
}
