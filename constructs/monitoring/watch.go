package monitoring

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/check"
)

// CloudFrontRegion is where CloudFront publishes its metrics (with the
// dimension Region=Global), whatever the stack's region.
const CloudFrontRegion = "us-east-1"

// IdentityPoolNote is the dashboard's word on identity-pool credential
// errors: identity pools publish no CloudWatch metric, so the data bucket's
// 403s stand for them.
const IdentityPoolNote = "**Identity pool.** Cognito identity pools publish no CloudWatch metrics (AWS/Cognito covers user pools only). " +
	"A user whose credentials fail cannot reach the bucket: watch *Data bucket 4xx* above, and GetCredentialsForIdentity errors " +
	"in CloudTrail (event source cognito-identity.amazonaws.com, errorCode set)."

// metric is one metric of namespace over Period.
func metric(namespace, name, stat string, dims map[string]*string) awscloudwatch.Metric {
	return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
		Namespace: jsii.String(namespace), MetricName: jsii.String(name), Statistic: jsii.String(stat),
		DimensionsMap: &dims, Period: Period,
	})
}

// math is expression over the metrics, labelled.
func math(label, expression string, using map[string]awscloudwatch.IMetric) awscloudwatch.MathExpression {
	return awscloudwatch.NewMathExpression(&awscloudwatch.MathExpressionProps{
		Label: jsii.String(label), Expression: jsii.String(expression), UsingMetrics: &using, Period: Period,
	})
}

// graph is a line graph, width columns of the dashboard's 24.
func graph(title string, width float64, metrics ...awscloudwatch.IMetric) awscloudwatch.GraphWidget {
	return awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
		Title: jsii.String(title), Width: jsii.Number(width), Height: jsii.Number(6), Left: &metrics,
	})
}

// watchSite graphs the distribution's requests and error rates, read in
// us-east-1; the alarm only when the stack is there too.
func (m *Monitoring) watchSite(p Props) {
	if p.Distribution == nil {
		return
	}
	cf := func(name, stat string) awscloudwatch.Metric {
		return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
			Namespace: jsii.String("AWS/CloudFront"), MetricName: jsii.String(name), Statistic: jsii.String(stat),
			DimensionsMap: &map[string]*string{"DistributionId": p.Distribution.DistributionId(), "Region": jsii.String("Global")},
			Region:        jsii.String(CloudFrontRegion), Period: Period,
		})
	}
	errors5xx := cf("5xxErrorRate", "Average")
	m.Dashboard.AddWidgets(
		graph("Site requests (CloudFront)", 12, cf("Requests", "Sum")),
		graph("Site error rates, % (CloudFront)", 12, cf("4xxErrorRate", "Average"), errors5xx),
	)
	if region := *awscdk.Stack_Of(m.Construct).Region(); !check.IsToken(region) && region == CloudFrontRegion {
		m.addAlarm(SiteErrorsRule, errors5xx)
	}
}

// watchData graphs the data bucket's request metrics (the owner prefix's
// filter) and alarms on 5xx and on a high share of 4xx.
func (m *Monitoring) watchData(p Props) {
	if p.DataBucket == nil || p.RequestMetricsFilterId == nil {
		return
	}
	dims := map[string]*string{"BucketName": p.DataBucket.BucketName(), "FilterId": p.RequestMetricsFilterId}
	s3 := func(name string) awscloudwatch.Metric { return metric("AWS/S3", name, "Sum", dims) }
	all, e4, e5 := s3("AllRequests"), s3("4xxErrors"), s3("5xxErrors")
	// Below 100 requests a few 404s are most of them: no rate.
	rate4 := math("4xx, % of requests", "IF(requests >= 100, 100 * errors / requests, 0)",
		map[string]awscloudwatch.IMetric{"errors": e4, "requests": all})
	m.Dashboard.AddWidgets(
		graph("Data bucket requests (users' folders)", 8, all, s3("GetRequests"), s3("PutRequests"), s3("ListRequests")),
		graph("Data bucket errors", 8, e4, e5),
		graph("Data bucket 4xx rate", 8, rate4),
	)
	m.addAlarm(DataServerErrorsRule, e5)
	m.addAlarm(DataClientErrorsRule, rate4)
}

// watchSignIn graphs the app client's sign-ins, token refreshes, sign-up
// failures and throttles, and alarms on any throttle.
func (m *Monitoring) watchSignIn(p Props) {
	if p.UserPool == nil || p.UserPoolClient == nil {
		return
	}
	dims := map[string]*string{"UserPool": p.UserPool.UserPoolId(), "UserPoolClient": p.UserPoolClient.UserPoolClientId()}
	cognito := func(name, stat string) awscloudwatch.Metric { return metric("AWS/Cognito", name, stat, dims) }
	// SignUpSuccesses is 1 per success and 0 per failure: its sample count
	// less its sum is the failures.
	failures := math("Sign-up failures", "FILL(attempts, 0) - FILL(successes, 0)", map[string]awscloudwatch.IMetric{
		"attempts": cognito("SignUpSuccesses", "SampleCount"), "successes": cognito("SignUpSuccesses", "Sum")})
	throttles := math("Throttles", "FILL(signin, 0) + FILL(signup, 0) + FILL(refresh, 0)", map[string]awscloudwatch.IMetric{
		"signin": cognito("SignInThrottles", "Sum"), "signup": cognito("SignUpThrottles", "Sum"), "refresh": cognito("TokenRefreshThrottles", "Sum")})
	m.Dashboard.AddWidgets(
		graph("Sign-ins (Cognito)", 8, cognito("SignInSuccesses", "Sum"), cognito("TokenRefreshSuccesses", "Sum")),
		graph("Sign-up failures", 8, failures),
		graph("Cognito throttles", 8, throttles),
	)
	m.Dashboard.AddWidgets(awscloudwatch.NewTextWidget(&awscloudwatch.TextWidgetProps{
		Markdown: jsii.String(IdentityPoolNote), Width: jsii.Number(24), Height: jsii.Number(2),
	}))
	m.addAlarm(SignInThrottlesRule, throttles)
}

// watchService graphs and alarms on a service's function, HTTP API and
// table, each when given.
func (m *Monitoring) watchService(p Props) {
	var row []awscloudwatch.IWidget
	if f := p.Function; f != nil {
		opts := func(stat string) *awscloudwatch.MetricOptions {
			return &awscloudwatch.MetricOptions{Statistic: jsii.String(stat), Period: Period}
		}
		errs, throttles := f.MetricErrors(opts("Sum")), f.MetricThrottles(opts("Sum"))
		row = append(row, graph("Function errors and throttles", 8, errs, throttles),
			graph("Function duration, ms", 8, f.MetricDuration(opts("p99")), f.MetricDuration(opts("Average"))))
		m.addAlarm(FunctionErrorsRule, errs)
		m.addAlarm(FunctionThrottlesRule, throttles)
	}
	if api := p.HttpApi; api != nil {
		opts := &awscloudwatch.MetricOptions{Statistic: jsii.String("Sum"), Period: Period}
		e5 := api.MetricServerError(opts)
		row = append(row, graph("API errors", 8, api.MetricClientError(opts), e5))
		m.addAlarm(ApiErrorsRule, e5)
	}
	if t := p.Table; t != nil {
		opts := &awscloudwatch.MetricOptions{Statistic: jsii.String("Sum"), Period: Period}
		throttles := math("Throttled reads and writes", "FILL(reads, 0) + FILL(writes, 0)", map[string]awscloudwatch.IMetric{
			"reads": t.Metric(jsii.String("ReadThrottleEvents"), opts), "writes": t.Metric(jsii.String("WriteThrottleEvents"), opts)})
		row = append(row, graph("Table throttles (DynamoDB)", 8, throttles))
		m.addAlarm(TableThrottlesRule, throttles)
	}
	if len(row) > 0 {
		m.Dashboard.AddWidgets(row...)
	}
}
