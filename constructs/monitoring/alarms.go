package monitoring

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/jsii-runtime-go"
)

// Period is every alarm's evaluation period.
var Period = awscdk.Duration_Minutes(jsii.Number(5))

// AlarmRule is one alarm's threshold, as the README documents it: the
// alarm fires when the metric reaches Threshold (or exceeds it, for a
// rate) in Datapoints of the last Periods five-minute periods.
type AlarmRule struct {
	// ID is the alarm's construct id and its name in the README.
	ID string
	// Threshold is the value that breaches.
	Threshold float64
	// Periods and Datapoints: Datapoints breaching periods out of the last Periods.
	Periods, Datapoints float64
	// Rate is true when the metric is a percentage that must exceed
	// Threshold; otherwise a count that must reach it.
	Rate bool
	// Means says what the alarm tells the operator, for its description.
	Means string
}

// The alarms, by what they watch. Missing data never breaches: a quiet
// night is not an outage.
var (
	// SiteErrorsRule: more than 5% of the site's requests answered 5xx for 15 minutes.
	SiteErrorsRule = AlarmRule{ID: "SiteServerErrors", Threshold: 5, Periods: 3, Datapoints: 3, Rate: true,
		Means: "CloudFront answers more than 5% of requests with 5xx for 15 minutes: the site bucket or the distribution fails."}
	// DataServerErrorsRule: ten or more 5xx from the data bucket's folders in 2 of 3 periods.
	DataServerErrorsRule = AlarmRule{ID: "DataServerErrors", Threshold: 10, Periods: 3, Datapoints: 2,
		Means: "The data bucket answers users' folders with 5xx (503 SlowDown: a prefix's request rate is over S3's, see docs/capacity.md)."}
	// DataClientErrorsRule: more than 20% of requests to the folders answered 4xx for 15 minutes, counted once there are 100.
	DataClientErrorsRule = AlarmRule{ID: "DataClientErrors", Threshold: 20, Periods: 3, Datapoints: 3, Rate: true,
		Means: "More than 20% of requests to users' folders fail with 4xx for 15 minutes: denied access (a policy or credentials problem) beyond the usual 404s and 412s."}
	// SignInThrottlesRule: any throttled sign-in, sign-up, token refresh or federation.
	SignInThrottlesRule = AlarmRule{ID: "CognitoThrottles", Threshold: 1, Periods: 1, Datapoints: 1,
		Means: "Cognito throttled sign-ins, sign-ups, token refreshes or federated sign-ins: a user-pool request-rate quota binds (docs/capacity.md)."}
	// FunctionErrorsRule: five or more function errors in 5 minutes.
	FunctionErrorsRule = AlarmRule{ID: "FunctionErrors", Threshold: 5, Periods: 1, Datapoints: 1,
		Means: "The service function failed 5 or more times in 5 minutes."}
	// FunctionThrottlesRule: any throttled invocation.
	FunctionThrottlesRule = AlarmRule{ID: "FunctionThrottles", Threshold: 1, Periods: 1, Datapoints: 1,
		Means: "Lambda throttled the service function: the account's concurrency quota (or the function's reserved concurrency) binds."}
	// ApiErrorsRule: five or more 5xx from the HTTP API in 5 minutes.
	ApiErrorsRule = AlarmRule{ID: "ApiServerErrors", Threshold: 5, Periods: 1, Datapoints: 1,
		Means: "The HTTP API answered 5 or more requests with 5xx in 5 minutes."}
	// TableThrottlesRule: throttled reads or writes in 2 consecutive periods.
	TableThrottlesRule = AlarmRule{ID: "TableThrottles", Threshold: 1, Periods: 2, Datapoints: 2,
		Means: "DynamoDB throttled reads or writes for 10 minutes: a hot key, or traffic more than double the previous peak of the on-demand table."}
)

// AlarmRules are every alarm the construct can create, in README order.
var AlarmRules = []AlarmRule{SiteErrorsRule, DataServerErrorsRule, DataClientErrorsRule, SignInThrottlesRule,
	FunctionErrorsRule, FunctionThrottlesRule, ApiErrorsRule, TableThrottlesRule}

// addAlarm creates rule's alarm on metric, notifying the topic when it
// fires and when it recovers.
func (m *Monitoring) addAlarm(rule AlarmRule, metric awscloudwatch.IMetric) {
	op := awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD
	if rule.Rate {
		op = awscloudwatch.ComparisonOperator_GREATER_THAN_THRESHOLD
	}
	alarm := awscloudwatch.NewAlarm(m.Construct, jsii.String(rule.ID), &awscloudwatch.AlarmProps{
		Metric:             metric,
		Threshold:          jsii.Number(rule.Threshold),
		EvaluationPeriods:  jsii.Number(rule.Periods),
		DatapointsToAlarm:  jsii.Number(rule.Datapoints),
		ComparisonOperator: op,
		TreatMissingData:   awscloudwatch.TreatMissingData_NOT_BREACHING,
		AlarmDescription:   jsii.String(rule.Means + " See README, Monitoring."),
	})
	action := awscloudwatchactions.NewSnsAction(m.Topic)
	alarm.AddAlarmAction(action)
	alarm.AddOkAction(action)
	m.Alarms[rule.ID] = alarm
}
