package site

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awswafv2"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/internal/nag"
)

// managedRuleGroups are the AWS managed rule groups the web ACL applies, in order.
var managedRuleGroups = []string{
	"AWSManagedRulesAmazonIpReputationList",
	"AWSManagedRulesCommonRuleSet",
	"AWSManagedRulesKnownBadInputsRuleSet",
}

func visibility(name string) *awswafv2.CfnWebACL_VisibilityConfigProperty {
	return &awswafv2.CfnWebACL_VisibilityConfigProperty{
		CloudWatchMetricsEnabled: jsii.Bool(true),
		MetricName:               jsii.String(name),
		SampledRequestsEnabled:   jsii.Bool(true),
	}
}

// logWebACL sends the web ACL's request logs to a CloudWatch log group
// (WAF requires the "aws-waf-logs-" name prefix), kept as long as the
// access logs.
func logWebACL(s *Site, acl awswafv2.CfnWebACL, p Props) {
	stack := awscdk.Stack_Of(s.Construct)
	name := "aws-waf-logs-" + *stack.StackName() + "-site"
	group := awslogs.NewLogGroup(s.Construct, jsii.String("WafLogs"), &awslogs.LogGroupProps{
		LogGroupName:  jsii.String(name),
		Retention:     awslogs.RetentionDays_ONE_YEAR,
		RemovalPolicy: p.RemovalPolicy,
	})
	nag.Suppress(group, nag.ForPacks("CloudWatchLogGroupEncrypted",
		"WAF request logs hold addresses and request lines, no file contents; CloudWatch Logs encrypts them at rest with its own keys.")...)
	arn := stack.FormatArn(&awscdk.ArnComponents{
		Service: jsii.String("logs"), Resource: jsii.String("log-group"), ResourceName: jsii.String(name),
		ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
	})
	logging := awswafv2.NewCfnLoggingConfiguration(s.Construct, jsii.String("WafLogging"), &awswafv2.CfnLoggingConfigurationProps{
		ResourceArn:           acl.AttrArn(),
		LogDestinationConfigs: &[]any{arn},
	})
	logging.Node().AddDependency(group)
}

// newWebACL creates the distribution's web ACL: a per-address rate limit
// first, then the managed rule groups. A CloudFormation rule stops a deploy
// outside us-east-1 before anything is created, with the reason.
func newWebACL(s *Site, p Props) awswafv2.CfnWebACL {
	rules := []any{&awswafv2.CfnWebACL_RuleProperty{
		Name:     jsii.String("RateLimitPerAddress"),
		Priority: jsii.Number(0),
		Action:   &awswafv2.CfnWebACL_RuleActionProperty{Block: &awswafv2.CfnWebACL_BlockActionProperty{}},
		Statement: &awswafv2.CfnWebACL_StatementProperty{RateBasedStatement: &awswafv2.CfnWebACL_RateBasedStatementProperty{
			Limit:            p.WafRateLimit,
			AggregateKeyType: jsii.String("IP"),
		}},
		VisibilityConfig: visibility("RateLimitPerAddress"),
	}}
	for i, group := range managedRuleGroups {
		rules = append(rules, &awswafv2.CfnWebACL_RuleProperty{
			Name:           jsii.String(group),
			Priority:       jsii.Number(float64(i + 1)),
			OverrideAction: &awswafv2.CfnWebACL_OverrideActionProperty{None: map[string]any{}},
			Statement: &awswafv2.CfnWebACL_StatementProperty{ManagedRuleGroupStatement: &awswafv2.CfnWebACL_ManagedRuleGroupStatementProperty{
				VendorName: jsii.String("AWS"),
				Name:       jsii.String(group),
			}},
			VisibilityConfig: visibility(group),
		})
	}
	acl := awswafv2.NewCfnWebACL(s.Construct, jsii.String("WebAcl"), &awswafv2.CfnWebACLProps{
		Scope:            jsii.String("CLOUDFRONT"),
		DefaultAction:    &awswafv2.CfnWebACL_DefaultActionProperty{Allow: &awswafv2.CfnWebACL_AllowActionProperty{}},
		VisibilityConfig: visibility("PrivateFoldersSite"),
		Rules:            &rules,
	})
	logWebACL(s, acl, p)
	awscdk.NewCfnRule(s.Construct, jsii.String("WafNeedsUsEast1"), &awscdk.CfnRuleProps{
		Assertions: &[]*awscdk.CfnRuleAssertion{{
			Assert:            awscdk.Fn_ConditionEquals(awscdk.Aws_REGION(), jsii.String("us-east-1")),
			AssertDescription: jsii.String("waf=true creates a CloudFront web ACL, which exists only in us-east-1: deploy the stack there, or attach a web ACL made there with wafWebAclArn."),
		}},
	})
	return acl
}
