// Package buckets holds what every bucket of the system shares: the
// hardened base configuration and the access-logs bucket.
package buckets

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/internal/nag"
)

// LogsRetentionDays is the range and default of the logs bucket's
// retention, the one rule of site's and storage's LogsRetentionDays.
var LogsRetentionDays = check.Whole{Min: 1, Max: 3650, Default: 365}

// Hardened is the configuration every bucket of the system shares: no
// public access, TLS 1.2 or later only, S3-managed encryption.
func Hardened(props *awss3.BucketProps) *awss3.BucketProps {
	props.BlockPublicAccess = awss3.BlockPublicAccess_BLOCK_ALL()
	props.Encryption = awss3.BucketEncryption_S3_MANAGED
	props.EnforceSSL = jsii.Bool(true)
	props.MinimumTLSVersion = jsii.Number(1.2)
	return props
}

// NewLogs creates a private bucket for S3 server access logs and
// CloudFront standard logs, which expire after retentionDays. CloudFront's
// standard logging writes with ACLs, so the bucket keeps them enabled for
// its owner (BUCKET_OWNER_PREFERRED); it is never public.
func NewLogs(scope constructs.Construct, id *string, retentionDays *float64, removal awscdk.RemovalPolicy) awss3.Bucket {
	b := awss3.NewBucket(scope, id, Hardened(&awss3.BucketProps{
		ObjectOwnership: awss3.ObjectOwnership_BUCKET_OWNER_PREFERRED,
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Id:         jsii.String("ExpireLogs"),
			Expiration: awscdk.Duration_Days(retentionDays),
		}},
		RemovalPolicy:     removal,
		AutoDeleteObjects: jsii.Bool(removal == awscdk.RemovalPolicy_DESTROY),
	}))
	nag.Suppress(b, nag.Rule{
		ID:     "AwsSolutions-S1",
		Reason: "This is the access-log destination; logging it into itself would loop and logging it elsewhere only moves the problem.",
	})
	SuppressSSES3(b)
	nag.Suppress(b, nag.ForPacks("S3BucketVersioningEnabled",
		"Access logs are written once by the log delivery services and expire on a schedule; versions would only keep expired logs longer.")...)
	nag.Suppress(b, nag.ForPacks("S3BucketReplicationEnabled",
		"Access logs are operational records with a fixed retention; replicate them with the account's own log archive if a policy demands it.")...)
	return b
}

// SuppressSSES3 records why a bucket of the system uses S3-managed keys
// rather than a KMS key, for the compliance packs that ask for KMS.
func SuppressSSES3(b awss3.IBucket) {
	nag.Suppress(b, nag.ForPacks("S3DefaultEncryptionKMS",
		"Encrypted at rest with SSE-S3 (AES-256). SSE-KMS would need a kms:Decrypt/GenerateDataKey grant for every browser "+
			"identity and a KMS call per object request, and adds no reader boundary beyond the bucket and IAM policies here.")...)
}
