// Package share is the share service of issue 15 as a construct: the
// DynamoDB table of shares, the Go Lambda function that serves
// docs/sharing-api.md (package share at the module root) and the HTTP API
// in front of it, with a JWT authorizer on the user pool.
//
// The function's role has only what the routes need: on the table, item
// reads, writes and queries (no scan, no delete); on the data bucket,
// reading and listing under the owner prefix (for presigned GETs and
// shared folders) and writing under <prefix>*/drop/* (for the drops'
// presigned POSTs). No version, bucket-setting or policy action.
package share

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/internal/nag"
	svc "github.com/privatefolders/privatefolders/share"
)

// Share is the share service: table, function, role and HTTP API.
type Share struct {
	constructs.Construct
	// Table holds the shares; retained with deletion protection.
	Table awsdynamodb.Table
	// Role is the function's role.
	Role awsiam.Role
	// Policy is the role's only policy.
	Policy awsiam.ManagedPolicy
	// Function serves every route.
	Function awslambda.Function
	// Api is the HTTP API; CloudFront sends /api/* and /s/* to it.
	Api awsapigatewayv2.HttpApi
	// Stage is the API's $default stage, throttled and logged.
	Stage awsapigatewayv2.HttpStage
	// Domain is the API's execute-api host name, the CloudFront origin.
	Domain *string
}

// New creates the share service. It panics with every problem in props.
func New(scope constructs.Construct, id *string, props *Props) *Share {
	if err := props.Validate(); err != nil {
		panic(err)
	}
	p := withDefaults(props)
	s := &Share{Construct: constructs.NewConstruct(scope, id)}
	s.Table = newTable(s, p)
	s.Role = newRole(s, p)
	s.Function = newFunction(s, p)
	s.Api, s.Stage = newAPI(s, p)
	s.Domain = jsii.String(*s.Api.ApiId() + ".execute-api." + *awscdk.Aws_REGION() + "." + *awscdk.Aws_URL_SUFFIX())
	return s
}

func newTable(s *Share, p Props) awsdynamodb.Table {
	str := awsdynamodb.AttributeType_STRING
	t := awsdynamodb.NewTable(s.Construct, jsii.String("Table"), &awsdynamodb.TableProps{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String(svc.TableKey), Type: str},
		BillingMode:  awsdynamodb.BillingMode_PAY_PER_REQUEST,
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: jsii.Bool(true)},
		Encryption:          awsdynamodb.TableEncryption_AWS_MANAGED,
		TimeToLiveAttribute: jsii.String(svc.TTLAttr),
		RemovalPolicy:       p.RemovalPolicy,
		DeletionProtection:  jsii.Bool(p.RemovalPolicy != awscdk.RemovalPolicy_DESTROY),
	})
	t.AddGlobalSecondaryIndex(&awsdynamodb.GlobalSecondaryIndexProps{IndexName: jsii.String(svc.OwnerIndex),
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String(svc.OwnerAttr), Type: str},
		SortKey:      &awsdynamodb.Attribute{Name: jsii.String(svc.CreatedAttr), Type: awsdynamodb.AttributeType_NUMBER}})
	t.AddGlobalSecondaryIndex(&awsdynamodb.GlobalSecondaryIndexProps{IndexName: jsii.String(svc.RecipientIndex),
		PartitionKey:   &awsdynamodb.Attribute{Name: jsii.String(svc.RecipientAttr), Type: str},
		ProjectionType: awsdynamodb.ProjectionType_KEYS_ONLY, NonKeyAttributes: nil})
	nag.Suppress(t, nag.ForPacks("DynamoDBInBackupPlan",
		"Point-in-time recovery keeps 35 days of continuous backups of the table; its items are short-lived links (30 days at most).")...)
	return t
}

// newRole is the function's role, with one customer managed policy:
// exactly the routes' needs (see the package doc) and its own log group.
func newRole(s *Share, p Props) awsiam.Role {
	r := awsiam.NewRole(s.Construct, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("Share service function: share records, and reads, lists and drops under the owner prefix"),
	})
	s.Policy = awsiam.NewManagedPolicy(s.Construct, jsii.String("Policy"), &awsiam.ManagedPolicyProps{
		Description: jsii.String("What the share service's routes need, and nothing else"),
		Statements:  statementsPtr(statements(s, p)),
		Roles:       &[]awsiam.IRole{r},
	})
	prefix := *p.OwnerPrefix
	data := "<" + nag.LogicalID(p.Bucket) + ".Arn>/"
	nag.Suppress(s.Policy, nag.Rule{ID: "AwsSolutions-IAM5",
		Reason: "The function serves every user's shares: it reads under the owner prefix (presigned GETs of shared files), " +
			"writes only into drop folders (presigned POSTs), and queries the table's own indexes; no action wildcard.",
		AppliesTo: []any{nag.Finding("Resource", data+prefix+"*"), nag.Finding("Resource", data+prefix+"*/drop/*"),
			nag.Finding("Resource", "<"+nag.LogicalID(s.Table)+".Arn>/index/*")}})
	return r
}

func statementsPtr(list []awsiam.PolicyStatement) *[]awsiam.PolicyStatement { return &list }

// statements are the role's permissions on the table, the bucket and the
// identity pool.
func statements(s *Share, p Props) []awsiam.PolicyStatement {
	prefix := *p.OwnerPrefix
	bucket := p.Bucket.BucketArn()
	st := func(actions []string, resources []string, conditions map[string]any) awsiam.PolicyStatement {
		props := &awsiam.PolicyStatementProps{Actions: jsii.Strings(actions...), Resources: jsii.Strings(resources...)}
		if conditions != nil {
			props.Conditions = &conditions
		}
		return awsiam.NewPolicyStatement(props)
	}
	out := []awsiam.PolicyStatement{
		st([]string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"},
			[]string{*s.Table.TableArn(), *s.Table.TableArn() + "/index/*"}, nil),
		// Presigned GETs of shared files, and reading which files exist.
		st([]string{"s3:GetObject"}, []string{*bucket + "/" + prefix + "*"}, nil),
		st([]string{"s3:ListBucket"}, []string{*bucket}, map[string]any{"StringLike": map[string]any{"s3:prefix": prefix + "*"}}),
		// The drops' presigned POSTs: only into a drop folder.
		st([]string{"s3:PutObject"}, []string{*bucket + "/" + prefix + "*/drop/*"}, nil),
	}
	if *p.OwnerKey == "identityId" {
		out = append(out, st([]string{"cognito-identity:GetId"}, []string{*awscdk.Stack_Of(s.Construct).FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("cognito-identity"), Resource: jsii.String("identitypool"), ResourceName: p.IdentityPoolId})}, nil))
	}
	return out
}

func newFunction(s *Share, p Props) awslambda.Function {
	logs := awslogs.NewLogGroup(s.Construct, jsii.String("FunctionLogs"), &awslogs.LogGroupProps{
		Retention: awslogs.RetentionDays_ONE_YEAR, RemovalPolicy: awscdk.RemovalPolicy_RETAIN})
	s.Policy.AddStatements(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents"), Resources: jsii.Strings(*logs.LogGroupArn())}))
	nag.Suppress(logs, nag.ForPacks("CloudWatchLogGroupEncrypted",
		"The function logs request failures without tokens or file contents; CloudWatch Logs encrypts them at rest with its own keys.")...)
	env := map[string]*string{
		svc.EnvTable: s.Table.TableName(), svc.EnvBucket: p.Bucket.BucketName(), svc.EnvPrefix: p.OwnerPrefix,
		svc.EnvOwnerKey: p.OwnerKey, svc.EnvOwnerClaim: p.OwnerClaim,
		svc.EnvUserPoolProvider: jsii.String(providerName(p)),
	}
	if p.IdentityPoolId != nil {
		env[svc.EnvIdentityPoolID] = p.IdentityPoolId
	}
	f := awslambda.NewFunction(s.Construct, jsii.String("Function"), &awslambda.FunctionProps{
		Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
		Architecture: awslambda.Architecture_ARM_64(),
		Handler:      jsii.String("bootstrap"),
		Code:         FunctionCode(*p.SourceDir),
		Role:         s.Role,
		MemorySize:   jsii.Number(512), // PBKDF2 at 600,000 iterations takes ~0.2 s at this size
		Timeout:      awscdk.Duration_Seconds(jsii.Number(10)),
		Environment:  &env,
		LogGroup:     logs,
		Description:  jsii.String("Share service (docs/sharing-api.md)"),
	})
	nag.Suppress(f, append(append(append(
		nag.ForPacks("LambdaInsideVPC", "The function calls only AWS APIs (DynamoDB, S3 presigning, Cognito) and reaches no private network; a VPC would add NAT costs and no protection."),
		nag.ForPacks("LambdaDLQ", "API Gateway invokes the function synchronously; a dead-letter queue applies to asynchronous invocations only.")...),
		nag.ForPacks("LambdaConcurrency", "The API stage's throttle (RateLimit, BurstLimit) bounds the invocations; reserved concurrency would fail deploys in accounts with the default quota.")...),
		nag.Rule{ID: "AwsSolutions-L1", Reason: "provided.al2023 is the current OS-only runtime for Go; the check looks for language runtimes."})...)
	return f
}

// providerName is the user pool's provider name, the issuer without its
// scheme: "cognito-idp.<region>.amazonaws.com/<pool id>".
func providerName(p Props) string {
	return "cognito-idp." + *awscdk.Aws_REGION() + "." + *awscdk.Aws_URL_SUFFIX() + "/" + *p.UserPool.UserPoolId()
}

func newAPI(s *Share, p Props) (awsapigatewayv2.HttpApi, awsapigatewayv2.HttpStage) {
	api := awsapigatewayv2.NewHttpApi(s.Construct, jsii.String("Api"), &awsapigatewayv2.HttpApiProps{
		Description:        jsii.String("Share service; served through the site's CloudFront distribution at /api/* and /s/*"),
		CreateDefaultStage: jsii.Bool(false),
	})
	accessLogs := awslogs.NewLogGroup(s.Construct, jsii.String("ApiLogs"), &awslogs.LogGroupProps{
		Retention: awslogs.RetentionDays_ONE_YEAR, RemovalPolicy: awscdk.RemovalPolicy_RETAIN})
	nag.Suppress(accessLogs, nag.ForPacks("CloudWatchLogGroupEncrypted",
		"API access logs hold addresses, routes and statuses, no tokens or file contents; CloudWatch Logs encrypts them at rest with its own keys.")...)
	stage := awsapigatewayv2.NewHttpStage(s.Construct, jsii.String("Stage"), &awsapigatewayv2.HttpStageProps{
		HttpApi: api, StageName: jsii.String("$default"), AutoDeploy: jsii.Bool(true),
		Throttle:          &awsapigatewayv2.ThrottleSettings{RateLimit: p.RateLimit, BurstLimit: p.BurstLimit},
		AccessLogSettings: &accessLogSettings{awsapigatewayv2.NewLogGroupLogDestination(accessLogs)},
	})
	auth := awsapigatewayv2authorizers.NewHttpJwtAuthorizer(jsii.String("IdToken"), jsii.String("https://"+providerName(p)),
		&awsapigatewayv2authorizers.HttpJwtAuthorizerProps{JwtAudience: jsii.Strings(*p.Client.UserPoolClientId()),
			IdentitySource: jsii.Strings("$request.header.Authorization")})
	integration := awsapigatewayv2integrations.NewHttpLambdaIntegration(jsii.String("Function"), s.Function,
		&awsapigatewayv2integrations.HttpLambdaIntegrationProps{PayloadFormatVersion: awsapigatewayv2.PayloadFormatVersion_VERSION_2_0()})
	for _, r := range svc.Routes {
		addRoute(api, r, integration, auth)
	}
	return api, stage
}

func addRoute(api awsapigatewayv2.HttpApi, r svc.Route, integration awsapigatewayv2.HttpRouteIntegration, auth awsapigatewayv2.IHttpRouteAuthorizer) {
	method, path := splitRoute(r.Key)
	opts := &awsapigatewayv2.AddRoutesOptions{Path: jsii.String(path), Methods: &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod(method)},
		Integration: integration}
	if !r.Public {
		opts.Authorizer = auth
	}
	for _, route := range *api.AddRoutes(opts) {
		if r.Public {
			nag.Suppress(route, nag.Rule{ID: "AwsSolutions-APIG4",
				Reason: "Public by design: share links and file drops are for people without an account; each id is 128 random bits and the handler answers unknown, expired and revoked ids alike."})
		}
	}
}

func splitRoute(key string) (method, path string) {
	method, path, _ = strings.Cut(key, " ")
	return method, path
}

// accessLogSettings sends the stage's access logs to a log group, in
// API Gateway's JSON format.
type accessLogSettings struct {
	destination awsapigatewayv2.IAccessLogDestination
}

func (a *accessLogSettings) Destination() awsapigatewayv2.IAccessLogDestination { return a.destination }
func (a *accessLogSettings) Format() awsapigateway.AccessLogFormat {
	return awsapigateway.AccessLogFormat_Custom(jsii.String(accessLogFormat))
}

// accessLogFormat is one JSON line per request, without the query string
// or any header (the Authorization header never reaches the logs).
const accessLogFormat = `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime",` +
	`"routeKey":"$context.routeKey","status":"$context.status","responseLength":"$context.responseLength",` +
	`"integrationError":"$context.integrationErrorMessage","authorizerError":"$context.authorizer.error"}`
