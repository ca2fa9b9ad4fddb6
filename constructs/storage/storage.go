// Package storage is the data half of the system: the versioned, private
// data bucket in which every identity has its own folder, the bucket that
// receives its access logs, and the managed policy that grants each identity
// its folder and nothing else.
package storage

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/internal/buckets"
	"github.com/privatefolders/privatefolders/internal/nag"
	"github.com/privatefolders/privatefolders/internal/naming"
	"github.com/privatefolders/privatefolders/policies"
)

// ExposedHeaders are the response headers the browser app may read. ETag is
// what multipart uploads fail without; the others give versions, request ids
// for support, and checksums.
var ExposedHeaders = []string{
	"ETag", "x-amz-version-id", "x-amz-request-id", "x-amz-id-2",
	"Content-Length", "Content-Type", "Last-Modified",
	"x-amz-checksum-crc32", "x-amz-checksum-crc64nvme",
}

// Storage is the data bucket, its logs bucket and the owner policy.
type Storage struct {
	constructs.Construct
	// Bucket holds every user's folder.
	Bucket awss3.Bucket
	// LogsBucket receives the data bucket's server access logs.
	LogsBucket awss3.IBucket
	// OwnerPolicy grants each identity read, write, delete and list in its own folder.
	OwnerPolicy awsiam.ManagedPolicy
	// OwnerPrefix is the folder prefix in use, such as "private/".
	OwnerPrefix *string
}

// DefaultBucketName is the data bucket name Storage uses when
// Props.BucketName is unset. It is built from the stack name and
// pseudo-parameters only, so other resources can name the bucket as a plain
// string without depending on it.
func DefaultBucketName(scope constructs.Construct) string {
	stack := awscdk.Stack_Of(scope)
	return naming.DataBucketName(*stack.StackName(), *stack.Account(), *stack.Region())
}

// New creates the data bucket, the logs bucket (unless one is given) and the
// owner policy. It panics with every problem in props (see Props.Validate).
func New(scope constructs.Construct, id *string, props *Props) *Storage {
	if err := props.Validate(); err != nil {
		panic(err)
	}
	p := withDefaults(props)
	if p.BucketName == nil {
		p.BucketName = jsii.String(DefaultBucketName(scope))
	}
	s := &Storage{Construct: constructs.NewConstruct(scope, id), OwnerPrefix: p.OwnerPrefix}
	s.LogsBucket = p.LogsBucket
	if s.LogsBucket == nil {
		s.LogsBucket = buckets.NewLogs(s.Construct, jsii.String("LogsBucket"), p.LogsRetentionDays, p.RemovalPolicy)
	}
	s.Bucket = newDataBucket(s, p)
	s.OwnerPolicy = newOwnerPolicy(s, p)
	return s
}

func newDataBucket(s *Storage, p Props) awss3.Bucket {
	return awss3.NewBucket(s.Construct, jsii.String("DataBucket"), buckets.Hardened(&awss3.BucketProps{
		BucketName:             p.BucketName,
		ObjectOwnership:        awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		Versioned:              jsii.Bool(true),
		LifecycleRules:         lifecycleRules(p),
		ServerAccessLogsBucket: s.LogsBucket,
		ServerAccessLogsPrefix: jsii.String("data-bucket/"),
		Cors:                   corsRules(p),
		RemovalPolicy:          p.RemovalPolicy,
	}))
}

func lifecycleRules(p Props) *[]*awss3.LifecycleRule {
	return &[]*awss3.LifecycleRule{
		{
			Id:                                  jsii.String("AbortIncompleteUploads"),
			AbortIncompleteMultipartUploadAfter: awscdk.Duration_Days(jsii.Number(7)),
		},
		{
			Id:                          jsii.String("ExpireOldVersions"),
			NoncurrentVersionExpiration: awscdk.Duration_Days(p.NoncurrentVersionExpirationDays),
		},
		{
			// Once its old versions have expired, a delete marker is clutter.
			Id:                        jsii.String("RemoveExpiredDeleteMarkers"),
			ExpiredObjectDeleteMarker: jsii.Bool(true),
		},
	}
}

func corsRules(p Props) *[]*awss3.CorsRule {
	if len(*p.CorsOrigins) == 0 {
		return nil
	}
	return &[]*awss3.CorsRule{{
		Id:             jsii.String("BrowserApp"),
		AllowedOrigins: p.CorsOrigins,
		AllowedMethods: &[]awss3.HttpMethods{
			awss3.HttpMethods_GET, awss3.HttpMethods_HEAD, awss3.HttpMethods_PUT,
			awss3.HttpMethods_POST, awss3.HttpMethods_DELETE,
		},
		AllowedHeaders: jsii.Strings("*"),
		ExposedHeaders: jsii.Strings(ExposedHeaders...),
		MaxAge:         jsii.Number(3600),
	}}
}

func newOwnerPolicy(s *Storage, p Props) awsiam.ManagedPolicy {
	statements := policies.OwnerStatements(*s.Bucket.BucketArn(), *p.OwnerPrefix)
	mp := awsiam.NewManagedPolicy(s.Construct, jsii.String("OwnerPolicy"), &awsiam.ManagedPolicyProps{
		Description: jsii.String("Each Cognito identity may read, write, delete and list only its own folder " + *p.OwnerPrefix + "<identity id>/ of the data bucket."),
		Document:    awsiam.PolicyDocument_FromJson(policies.Document(statements)),
		Roles:       p.OwnerRoles,
	})
	nag.Suppress(mp, nag.Rule{
		ID: "AwsSolutions-IAM5",
		Reason: "The wildcard is the identity's own folder: objects under " + *p.OwnerPrefix +
			"${cognito-identity.amazonaws.com:sub}/, which IAM resolves per caller; no other wildcard is granted.",
		AppliesTo: []any{nag.Finding("Resource", "<"+logicalID(s.Bucket)+".Arn>/"+policies.OwnerFolder(*p.OwnerPrefix)+"*")},
	})
	return mp
}

func logicalID(b awss3.Bucket) string { return nag.LogicalID(b) }
