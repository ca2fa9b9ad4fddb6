package auth

import (
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/internal/nag"
	"github.com/privatefolders/privatefolders/internal/urls"
)

// ServerClient is a confidential app client for a server-side app (such as
// Filestash): the authorization code flow with a client secret, which the
// stack stores in a Secrets Manager secret it creates.
type ServerClient struct {
	// Name is the app client's name: 1-128 letters, digits, spaces or
	// +=,.@-_. Default: "server".
	Name *string
	// CallbackUrls are the URLs managed login may return the user to after
	// sign-in (for Filestash, https://<host>/api/session/auth/): https, or
	// http on localhost. Required: at least one.
	CallbackUrls *[]*string
	// LogoutUrls are the URLs managed login may return to after sign-out.
	// Default: none (the app cannot send the user through /logout).
	LogoutUrls *[]*string
	// Scopes the app may request: any of "openid", "email", "profile"; must
	// include "openid". Default: "openid", "email", "profile".
	Scopes *[]*string
}

// ServerScopes are the OAuth scopes a ServerClient may request.
var ServerScopes = []string{"openid", "email", "profile"}

// DefaultServerClientName names the server client when ServerClient.Name is unset.
const DefaultServerClientName = "server"

// LogClientSecretFlag is the CDK feature flag that, when on, logs the
// server client's secret in the logs of the custom resource reading it. New
// refuses to create a server client while it is on.
const LogClientSecretFlag = "@aws-cdk/cognito:logUserPoolClientSecretValue"

var clientNameRule = regexp.MustCompile(`^[\w\s+=,.@-]{1,128}$`)

func validateServerClient(ps *check.Problems, c *ServerClient) {
	if c == nil {
		return
	}
	if c.Name != nil && !check.IsToken(*c.Name) && !clientNameRule.MatchString(*c.Name) {
		ps.Add("ServerClient.Name", *c.Name, "must be 1-128 letters, digits, spaces or +=,.@-_")
	}
	callbacks := deref(c.CallbackUrls)
	if len(callbacks) == 0 {
		ps.Add("ServerClient.CallbackUrls", "[]", "must name at least one URL of the server-side app to return to after sign-in")
	}
	for _, u := range callbacks {
		urls.CheckRedirect(ps, "ServerClient.CallbackUrls", *u)
	}
	for _, u := range deref(c.LogoutUrls) {
		urls.CheckRedirect(ps, "ServerClient.LogoutUrls", *u)
	}
	if c.Scopes != nil {
		for _, s := range *c.Scopes {
			if s == nil || !contains(ServerScopes, *s) {
				ps.Add("ServerClient.Scopes", s, "must be one of "+strings.Join(ServerScopes, ", "))
			}
		}
		if !contains(derefAll(*c.Scopes), "openid") {
			ps.Add("ServerClient.Scopes", derefAll(*c.Scopes), `must include "openid" (sign-in needs the id token)`)
		}
	}
}

// refuseSecretLogging panics when the CDK would log the server client's
// secret: the custom resource that reads it logs the API response when
// LogClientSecretFlag is on.
func refuseSecretLogging(scope constructs.Construct) {
	if on := awscdk.FeatureFlags_Of(scope).IsEnabled(jsii.String(LogClientSecretFlag)); on != nil && *on {
		var ps check.Problems
		ps.Add(LogClientSecretFlag, true, "must be false with a server client: the client secret would be written to CloudWatch Logs")
		panic(ps.Err())
	}
}

// addServerClient creates the confidential client, its managed-login
// style and the secret holding its id and secret.
func (a *Auth) addServerClient(p Props, attrs clientAttributes) {
	c := p.ServerClient
	refuseSecretLogging(a.Construct)
	name := c.Name
	if name == nil {
		name = jsii.String(DefaultServerClientName)
	}
	scopes := []awscognito.OAuthScope{}
	for _, s := range derefAll(*scopesOr(c.Scopes)) {
		scopes = append(scopes, awscognito.OAuthScope_Custom(jsii.String(s)))
	}
	a.ServerClient = a.codeClient("ServerClient", p, attrs, codeClientSettings{
		name: name, secret: true, scopes: scopes,
		callbacks: c.CallbackUrls, logouts: logoutUrls(c.LogoutUrls),
	})
	a.afterProviders(a.ServerClient)
	a.ServerBranding = newBrandingFor(a, "ServerBranding", a.ServerClient)

	// The client secret exists only once Cognito has created the client; the
	// CDK reads it with a custom resource (DescribeUserPoolClient, its
	// response hidden from the logs) and the secret's value is that
	// resource's attribute: never a literal in the template or an output.
	a.ServerClientSecret = awssecretsmanager.NewSecret(a.Construct, jsii.String("ServerClientSecret"), &awssecretsmanager.SecretProps{
		Description: jsii.String("Id and secret of the user pool's server-side app client (keys clientId, clientSecret)"),
		SecretObjectValue: &map[string]awscdk.SecretValue{
			"clientId":     awscdk.SecretValue_ResourceAttribute(a.ServerClient.UserPoolClientId()),
			"clientSecret": a.ServerClient.UserPoolClientSecret(),
		},
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	suppressSecretFindings(a)
}

// noRotation is why the server client's secret has no rotation schedule.
const noRotation = "The value is the app client's secret, which Cognito generates; Secrets Manager cannot rotate it. " +
	"Rotate by replacing the app client (a new client id and secret), which updates this secret."

// suppressSecretFindings explains the findings on the secret and on the
// CDK's custom resource that reads the client secret into it.
func suppressSecretFindings(a *Auth) {
	nag.Suppress(a.ServerClientSecret, nag.Rule{ID: "AwsSolutions-SMG4", Reason: noRotation})
	nag.Suppress(a.ServerClientSecret, nag.ForPacks("SecretsManagerRotationEnabled", noRotation)...)
	nag.Suppress(a.ServerClientSecret, nag.ForPacks("SecretsManagerUsingKMSKey",
		"Encrypted with the account's aws/secretsmanager key; a customer managed key adds cost and no reader boundary: "+
			"reading the secret already needs secretsmanager:GetSecretValue on it, which only the account's administrators have.")...)
	reader := a.ServerClient.Node().FindChild(jsii.String("DescribeCognitoUserPoolClient"))
	nag.Suppress(reader.Node().FindChild(jsii.String("CustomResourcePolicy")), nag.ForPacks("IAMNoInlinePolicy",
		"The CDK's AwsCustomResource keeps its one grant (cognito-idp:DescribeUserPoolClient on this user pool) inline on its own provider role.")...)
	suppressSecretReader(a)
}

// logoutUrls is nil for none, so the client sets no logout URL.
func logoutUrls(list *[]*string) *[]*string {
	if len(deref(list)) == 0 {
		return nil
	}
	return list
}

// suppressSecretReader explains the findings on the CDK's own custom
// resource that reads the client secret (userPoolClientSecret): a Lambda
// function shared by the stack's AwsCustomResources.
func suppressSecretReader(a *Auth) {
	fn := awscdk.Stack_Of(a.Construct).Node().TryFindChild(jsii.String(awsCustomResourceFunction))
	if fn == nil {
		return
	}
	nag.Suppress(fn, nag.ForPacks("LambdaInsideVPC", "The CDK's AwsCustomResource provider only calls the Cognito API during a deploy; a VPC would add NAT or endpoints for no data path.")...)
	nag.Suppress(fn, nag.ForPacks("LambdaDLQ", "The CDK's AwsCustomResource provider is invoked synchronously by CloudFormation, which reports and rolls back a failure; there is no event to dead-letter.")...)
	nag.Suppress(fn, nag.ForPacks("LambdaConcurrency", "The CDK's AwsCustomResource provider runs once per deploy, invoked by CloudFormation; reserved concurrency would only reserve capacity it never uses.")...)
	if logs := fn.Node().TryFindChild(jsii.String("LogGroup")); logs != nil {
		nag.Suppress(logs, nag.ForPacks("CloudWatchLogGroupEncrypted",
			"The provider's logs hold no API response data (hidden, so the client secret is never logged); CloudWatch Logs encrypts them at rest with its own keys.")...)
	}
	if role := fn.Node().TryFindChild(jsii.String("ServiceRole")); role != nil {
		nag.Suppress(role, nag.Rule{ID: "AwsSolutions-IAM4", Reason: "AWSLambdaBasicExecutionRole only lets the CDK's AwsCustomResource provider write its own logs, " +
			"whose API response data is hidden (the client secret is never logged).",
			AppliesTo: []any{"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}})
	}
}

// awsCustomResourceFunction is the construct id of the singleton Lambda
// function behind every AwsCustomResource of a stack.
const awsCustomResourceFunction = "AWS679f53fac002430cb0da5b7982bd2287"
