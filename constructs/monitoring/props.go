package monitoring

import (
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"

	"github.com/privatefolders/privatefolders/check"
)

// Props configures Monitoring. The zero value is valid: the topic and an
// empty dashboard. Each part that is set adds its widgets and alarms.
type Props struct {
	// AlarmEmail receives every alarm (and its recovery) by email, through
	// a subscription the address must confirm. Default: none; alarms go to
	// the topic only, for the operator to subscribe to.
	AlarmEmail *string
	// Distribution is the site's CloudFront distribution: requests and
	// 4xx/5xx error rates, read in us-east-1 where CloudFront publishes
	// them. Its alarm needs the stack in us-east-1 (an alarm reads only its
	// own region's metrics). Default: none (no CloudFront widgets).
	Distribution awscloudfront.IDistribution
	// DataBucket is the data bucket whose request metrics are shown.
	// Default: none (no S3 widgets).
	DataBucket awss3.IBucket
	// RequestMetricsFilterId is the id of the data bucket's request-metrics
	// configuration (S3 publishes request metrics only for a configured
	// filter). Default: none (no S3 widgets).
	RequestMetricsFilterId *string
	// UserPool and UserPoolClient are the pool and the app client whose
	// sign-ins, sign-up failures and throttles are shown. Default: none (no
	// Cognito widgets).
	UserPool awscognito.IUserPool
	// UserPoolClient is the app client the metrics are published for; see UserPool.
	UserPoolClient awscognito.IUserPoolClient
	// Function is a service function (such as sharing's): errors, duration,
	// throttles. Default: none.
	Function awslambda.IFunction
	// HttpApi is the HTTP API in front of Function: 5xx errors and latency.
	// Default: none.
	HttpApi awsapigatewayv2.IHttpApi
	// Table is a service table (such as sharing's): read and write
	// throttles. Default: none.
	Table awsdynamodb.ITable
	// RemovalPolicy applies to the topic's encryption key (the dashboard,
	// the alarms and the topic hold no data and always go with the stack).
	// Default: RETAIN, as the CDK keeps keys.
	RemovalPolicy awscdk.RemovalPolicy
}

// AlarmEmailRule is what an unset AlarmEmail means.
var AlarmEmailRule = check.Text{Unset: "none (the topic only)"}

// email is deliberately loose: one @, a dot in the domain, no spaces. SNS
// sends a confirmation that proves the address; this only catches typos
// such as a missing domain or a list pasted into one value.
var email = regexp.MustCompile(`^[^@\s,;]+@[^@\s,;]+\.[^@\s,;.]+$`)

// Validate reports every problem with p (nil is valid). It is pure and
// skips unresolved tokens.
func (p *Props) Validate() error {
	var ps check.Problems
	if p != nil && p.AlarmEmail != nil && !check.IsToken(*p.AlarmEmail) && !email.MatchString(*p.AlarmEmail) {
		ps.Add("AlarmEmail", *p.AlarmEmail, "must be one email address, such as ops@example.com")
	}
	return ps.Err()
}

// withDefaults is a copy of props (which may be nil) with every default filled.
func withDefaults(props *Props) Props {
	p := Props{}
	if props != nil {
		p = *props
	}
	if p.RemovalPolicy == "" {
		p.RemovalPolicy = awscdk.RemovalPolicy_RETAIN
	}
	return p
}
