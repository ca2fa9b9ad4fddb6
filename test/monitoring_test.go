package test

import (
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/constructs/monitoring"
	"github.com/privatefolders/privatefolders/constructs/storage"
)

// monitoringTypes are the resources monitoring adds.
var monitoringTypes = []string{"AWS::CloudWatch::Dashboard", "AWS::CloudWatch::Alarm", "AWS::SNS::Topic", "AWS::SNS::TopicPolicy", "AWS::KMS::Key"}

func TestMonitoring(t *testing.T) {
	s := defaults(t)
	t.Run("fails when the default stack has no dashboard, topic or alarms", func(t *testing.T) {
		require.NotNil(t, s.stack.System.Monitoring)
		only(t, s, "AWS::CloudWatch::Dashboard")
		only(t, s, "AWS::SNS::Topic")
		// Data (2) and sign-in (1); the site's alarm needs the stack in us-east-1.
		assert.Len(t, resources(t, s, "AWS::CloudWatch::Alarm"), 3)
	})
	t.Run("fails when the data bucket has no request metrics on the owner prefix", func(t *testing.T) {
		id, _ := dataBucket(t, s)
		b := resource(t, s, "AWS::S3::Bucket", id)
		assert.Equal(t, []any{map[string]any{"Id": storage.RequestMetricsFilterId, "Prefix": "private/"}}, props(b)["MetricsConfigurations"])
		with := 0
		for _, other := range resources(t, s, "AWS::S3::Bucket") {
			if props(other)["MetricsConfigurations"] != nil {
				with++
			}
		}
		assert.Equal(t, 1, with, "only the data bucket pays for request metrics")
	})
	t.Run("fails when the alarms do not watch this stack's parts", func(t *testing.T) {
		m := s.stack.System.Monitoring
		assert.Contains(t, m.Alarms, monitoring.DataServerErrorsRule.ID)
		assert.Contains(t, m.Alarms, monitoring.SignInThrottlesRule.ID)
		dataID, _ := dataBucket(t, s)
		alarm := resource(t, s, "AWS::CloudWatch::Alarm", idOf(m.Alarms[monitoring.DataServerErrorsRule.ID]))
		assert.True(t, refersTo(props(alarm)["Dimensions"], dataID), "the 5xx alarm names the data bucket")
	})
	t.Run("fails when the dashboard and the topic are not outputs", func(t *testing.T) {
		out := outputs(s)
		assert.Contains(t, out, "AlarmTopicArn")
		assert.Contains(t, render(out["DashboardUrl"]["Value"]), "#dashboards:name=")
	})
	t.Run("fails when the fullest stack, in us-east-1, misses the site alarm or the email", func(t *testing.T) {
		f := fullest(t)
		has(f, "AWS::CloudWatch::Alarm", map[string]any{"Namespace": "AWS/CloudFront", "MetricName": "5xxErrorRate"})
		has(f, "AWS::SNS::Subscription", map[string]any{"Protocol": "email", "Endpoint": "ops@example.com"})
	})
	t.Run("monitoring=false adds none of it, nor the request metrics", func(t *testing.T) {
		v := variant(t)
		assert.Nil(t, v.stack.System.Monitoring)
		for _, typ := range monitoringTypes {
			v.template.ResourceCountIs(jsii.String(typ), jsii.Number(0))
		}
		id, _ := dataBucket(t, v)
		assert.Nil(t, props(resource(t, v, "AWS::S3::Bucket", id))["MetricsConfigurations"])
		assert.NotContains(t, outputs(v), "AlarmTopicArn")
	})
	t.Run("destroyOnRemoval deletes the dashboard, the alarms, the topic and its key with the stack", func(t *testing.T) {
		d := disposable(t)
		for _, typ := range monitoringTypes {
			for id, r := range resources(t, d, typ) {
				assert.NotEqual(t, "Retain", r["DeletionPolicy"], "%s %s", typ, id)
			}
		}
	})
	t.Run("fails when the dashboard or an alarm would outlive any stack", func(t *testing.T) {
		for _, typ := range []string{"AWS::CloudWatch::Dashboard", "AWS::CloudWatch::Alarm", "AWS::SNS::Topic"} {
			for id, r := range resources(t, s, typ) {
				assert.Nil(t, r["DeletionPolicy"], "%s %s", typ, id)
			}
		}
	})
}
