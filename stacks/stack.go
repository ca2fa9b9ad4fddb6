// Package stacks composes the deployable stack: the whole private-folders
// system and its outputs. It only composes; behaviour lives in constructs/.
package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/constructs/folders"
	"github.com/privatefolders/privatefolders/constructs/site"
)

// Props configures the stack. The zero value is valid.
type Props struct {
	awscdk.StackProps
	// Folders configures the system. Default: every secure default.
	Folders *folders.Props
	// WebDir is the web app: an npm project built at synth time (its dist/
	// is deployed) or a folder of files deployed as they are; see
	// site.AppSource. Folders.WebSource takes precedence. Default: none
	// (only config.json is deployed).
	WebDir *string
}

// Stack is the deployable stack holding the whole system.
type Stack struct {
	awscdk.Stack
	// System is the user pool, identity pool, data bucket and site.
	System *folders.System
}

// Validate reports every problem with p (nil is valid) before anything is created.
func (p *Props) Validate() error {
	if p == nil {
		return nil
	}
	return p.Folders.Validate()
}

// New creates the stack, the system in it and its outputs. It panics with
// every problem in props (see Props.Validate).
func New(scope constructs.Construct, id *string, props *Props) *Stack {
	if err := props.Validate(); err != nil {
		panic(err)
	}
	p := Props{}
	if props != nil {
		p = *props
	}
	fp := folders.Props{}
	if p.Folders != nil {
		fp = *p.Folders
	}
	if fp.WebSource == nil && p.WebDir != nil {
		fp.WebSource = site.AppSource(*p.WebDir)
	}
	st := &Stack{Stack: awscdk.NewStack(scope, id, &p.StackProps)}
	st.System = folders.New(st.Stack, jsii.String("Folders"), &fp)
	addOutputs(st)
	return st
}

func addOutputs(st *Stack) {
	s := st.System
	issuer := s.Auth.UserPool.UserPoolProviderUrl()
	out := []struct {
		id, desc string
		value    *string
	}{
		{"SiteUrl", "The web app", s.Site.URL},
		{"SignInUrl", "Managed login sign-in page for the web app", s.Auth.Domain.SignInUrl(s.Auth.Client, &awscognito.SignInUrlOptions{RedirectUri: s.Site.URL})},
		{"UserPoolId", "Cognito user pool id", s.Auth.UserPool.UserPoolId()},
		{"UserPoolClientId", "Public app client id (no secret)", s.Auth.Client.UserPoolClientId()},
		{"IdentityPoolId", "Cognito identity pool id", s.Auth.IdentityPool.IdentityPoolId()},
		{"DataBucketName", "Bucket holding every user's private folder", s.Storage.Bucket.BucketName()},
		{"Region", "Region of the stack", st.Region()},
		{"OidcIssuer", "OpenID Connect issuer of the user pool", issuer},
		{"OidcDiscoveryUrl", "OpenID Connect discovery document", jsii.String(*issuer + "/.well-known/openid-configuration")},
	}
	if s.Auth.ServerClient != nil {
		// The secret's ARN, never its value: a server-side app reads the
		// client secret from Secrets Manager with its own credentials.
		out = append(out, []struct {
			id, desc string
			value    *string
		}{
			{"ServerClientId", "Confidential app client id for the server-side app", s.Auth.ServerClient.UserPoolClientId()},
			{"ServerClientSecretArn", "Secrets Manager secret with the server client's clientId and clientSecret", s.Auth.ServerClientSecret.SecretArn()},
		}...)
	}
	if m := s.Monitoring; m != nil {
		out = append(out, []struct {
			id, desc string
			value    *string
		}{
			{"AlarmTopicArn", "SNS topic every alarm notifies (subscribe to it, or set alarmEmail)", m.Topic.TopicArn()},
			{"DashboardUrl", "CloudWatch dashboard of the site, the users' folders and sign-in",
				jsii.String("https://console.aws.amazon.com/cloudwatch/home?region=" + *st.Region() + "#dashboards:name=" + *m.Dashboard.DashboardName())},
		}...)
	}
	out = append(out, struct {
		id, desc string
		value    *string
	}{"AmplifyOutputs", "amplify_outputs.json for Amplify JS / Amplify UI clients (also served at <SiteUrl>amplify_outputs.json)",
		st.ToJsonString(s.AmplifyOutputs, nil)})
	for _, o := range out {
		awscdk.NewCfnOutput(st.Stack, jsii.String(o.id), &awscdk.CfnOutputProps{Value: o.value, Description: jsii.String(o.desc)})
	}
}
