// Package monitoring watches the system: a CloudWatch dashboard of the
// site, the data bucket, sign-in and (when present) a service's function,
// API and table, and alarms with documented thresholds that notify an
// encrypted SNS topic.
//
// It uses the awscloudwatch L2 constructs directly (cdk-monitoring-constructs
// publishes no Go module), one small function per watched part.
package monitoring

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Monitoring is the dashboard, the alarms and the topic they notify.
type Monitoring struct {
	constructs.Construct
	// Topic receives every alarm and recovery; TLS-only, encrypted with Key.
	Topic awssns.Topic
	// Key encrypts the topic; CloudWatch may use it to publish.
	Key awskms.Key
	// Dashboard shows every watched part.
	Dashboard awscloudwatch.Dashboard
	// Alarms are the alarms created, by AlarmRule.ID.
	Alarms map[string]awscloudwatch.Alarm
	// Props are the props in force: the caller's, every default applied.
	Props Props
}

// New creates the topic, the dashboard and an alarm for each watched part
// that has one. It panics with every problem in props (see Props.Validate).
func New(scope constructs.Construct, id *string, props *Props) *Monitoring {
	if err := props.Validate(); err != nil {
		panic(err)
	}
	p := withDefaults(props)
	m := &Monitoring{Construct: constructs.NewConstruct(scope, id), Props: p, Alarms: map[string]awscloudwatch.Alarm{}}
	m.Key, m.Topic = newTopic(m.Construct, p)
	m.Dashboard = awscloudwatch.NewDashboard(m.Construct, jsii.String("Dashboard"), &awscloudwatch.DashboardProps{
		DefaultInterval: awscdk.Duration_Hours(jsii.Number(24)),
	})
	m.watchSite(p)
	m.watchData(p)
	m.watchSignIn(p)
	m.watchService(p)
	return m
}

// newTopic is the alarms' topic: encrypted with a key of its own (the
// AWS-managed SNS key's policy does not let CloudWatch publish), TLS-only.
func newTopic(scope constructs.Construct, p Props) (awskms.Key, awssns.Topic) {
	key := awskms.NewKey(scope, jsii.String("TopicKey"), &awskms.KeyProps{
		Description:       jsii.String("Encrypts the alarm topic; CloudWatch alarms publish with it."),
		EnableKeyRotation: jsii.Bool(true),
		RemovalPolicy:     p.RemovalPolicy,
	})
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)},
		Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
		Resources:  jsii.Strings("*"), // in a key policy, "*" is this key
		Conditions: &map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": awscdk.Stack_Of(scope).Account()}},
	}), nil)
	topic := awssns.NewTopic(scope, jsii.String("Topic"), &awssns.TopicProps{
		MasterKey:  key,
		EnforceSSL: jsii.Bool(true),
	})
	if p.AlarmEmail != nil {
		topic.AddSubscription(awssnssubscriptions.NewEmailSubscription(p.AlarmEmail, nil))
	}
	return key, topic
}
