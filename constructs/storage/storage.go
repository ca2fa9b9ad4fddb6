// Package storage is the data half of the system: the versioned, private
// data bucket in which every identity has its own folder, the bucket that
// receives its access logs, and the managed policy that grants each identity
// its folder and nothing else.
package storage

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsbackup"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudtrail"
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
	// Backup is the continuous backup plan of the data bucket; nil unless Props.Backup.
	Backup awsbackup.BackupPlan
	// Trail records the data bucket's S3 data events; nil unless Props.DataEvents.
	Trail awscloudtrail.Trail
	// Malware is the GuardDuty malware scan and its gate; nil unless Props.MalwareScan.
	Malware *Malware
	// GuestPolicy grants guests read and list of the public level; nil without guests.
	GuestPolicy awsiam.ManagedPolicy
	// GroupPolicies are the groups' extra grants, by group name.
	GroupPolicies map[string]awsiam.ManagedPolicy
	// Props are the props in force: the caller's, every default applied.
	Props Props
	// OwnerPrefix is the folder prefix in use, such as "private/".
	OwnerPrefix *string
	// Levels are the access levels in force.
	Levels policies.Levels
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
	s := &Storage{Construct: constructs.NewConstruct(scope, id), Props: p, OwnerPrefix: p.OwnerPrefix,
		Levels: p.Levels(), GroupPolicies: map[string]awsiam.ManagedPolicy{}}
	s.LogsBucket = p.LogsBucket
	if s.LogsBucket == nil {
		s.LogsBucket = buckets.NewLogs(s.Construct, jsii.String("LogsBucket"), p.LogsRetentionDays, p.RemovalPolicy)
	}
	s.Bucket = newDataBucket(s, p)
	s.OwnerPolicy = newOwnerPolicy(s, p)
	newAccessPolicies(s, p)
	if *p.Backup {
		s.Backup = newBackup(s)
	}
	if *p.DataEvents {
		s.Trail = newTrail(s)
	}
	if *p.MalwareScan {
		s.Malware = newMalware(s)
	}
	return s
}

func newDataBucket(s *Storage, p Props) awss3.Bucket {
	b := newBucket(s, p)
	buckets.SuppressSSES3(b)
	if p.ReplicaBucketArn != nil {
		suppressReplicationFindings(b, *p.ReplicaBucketArn)
	} else {
		nag.Suppress(b, nag.ForPacks("S3BucketReplicationEnabled",
			"Replication is the replicaBucketArn setting (off by default: it needs a bucket in a second region); versioning, "+
				"retained deletes and the optional AWS Backup plan protect the data in this region.")...)
	}
	return b
}

func newBucket(s *Storage, p Props) awss3.Bucket {
	return awss3.NewBucket(s.Construct, jsii.String("DataBucket"), buckets.Hardened(&awss3.BucketProps{
		BucketName:                 p.BucketName,
		ObjectOwnership:            awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		Versioned:                  jsii.Bool(true),
		LifecycleRules:             lifecycleRules(p),
		ServerAccessLogsBucket:     s.LogsBucket,
		ServerAccessLogsPrefix:     jsii.String("data-bucket/"),
		Cors:                       corsRules(p),
		RemovalPolicy:              p.RemovalPolicy,
		AutoDeleteObjects:          jsii.Bool(p.RemovalPolicy == awscdk.RemovalPolicy_DESTROY),
		ObjectLockEnabled:          jsii.Bool(p.ObjectLockDays != nil),
		ObjectLockDefaultRetention: objectLock(p),
		ReplicationRules:           replication(s, p),
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

// newOwnerPolicy grants what every signed-in identity may do (its own
// folders, and the protected and public levels) to the owner roles.
func newOwnerPolicy(s *Storage, p Props) awsiam.ManagedPolicy {
	return newAccessPolicy(s, "OwnerPolicy", p, policies.Authenticated, p.OwnerRoles,
		"Signed-in identities: read, write, delete and list their own folder "+*p.OwnerPrefix+"<owner>/ of the data bucket, and the shared levels.")
}

// newAccessPolicies adds the guest policy and one policy per group with
// rules; principals without grants get no policy at all.
func newAccessPolicies(s *Storage, p Props) {
	if len(*p.GuestRoles) > 0 {
		s.GuestPolicy = newAccessPolicy(s, "GuestPolicy", p, policies.Guest, p.GuestRoles,
			"Guest identities: read and list the public level of the data bucket.")
	}
	for _, name := range groupNames(p) {
		role, ok := (*p.GroupRoles)[name]
		if !ok {
			panic(fmt.Errorf("storage: group rule for %q but no GroupRoles entry for it", name))
		}
		s.GroupPolicies[name] = newAccessPolicy(s, "GroupPolicy-"+naming.ConstructID(name), p, policies.GroupPrincipal(name), &[]awsiam.IRole{role},
			"Members of the user-pool group "+name+": their extra access to the data bucket.")
	}
}

func groupNames(p Props) []string {
	seen := map[string]bool{}
	var names []string
	for _, r := range p.Levels().Groups {
		if !seen[r.Group] {
			seen[r.Group] = true
			names = append(names, r.Group)
		}
	}
	return names
}

// newAccessPolicy renders principal's statements into a managed policy on
// roles, with the narrow cdk-nag IAM5 suppression of exactly its wildcards
// (each a folder the rules name, never an action wildcard). It returns nil
// when the principal is granted nothing.
func newAccessPolicy(s *Storage, id string, p Props, principal policies.Principal, roles *[]awsiam.IRole, description string) awsiam.ManagedPolicy {
	ownerVar := policies.OwnerVariable(*p.OwnerKey)
	statements := accessStatements(*s.Bucket.BucketArn(), p, principal)
	if len(statements) == 0 {
		return nil
	}
	mp := awsiam.NewManagedPolicy(s.Construct, jsii.String(id), &awsiam.ManagedPolicyProps{
		Description: jsii.String(description),
		Document:    awsiam.PolicyDocument_FromJson(policies.Document(statements)),
		Roles:       roles,
	})
	var findings []any
	seen := map[string]bool{}
	for _, st := range accessStatements("<"+logicalID(s.Bucket)+".Arn>", p, principal) {
		for _, r := range st.Resources {
			if strings.Contains(r, "*") && !seen[r] {
				seen[r] = true
				findings = append(findings, nag.Finding("Resource", r))
			}
		}
	}
	nag.Suppress(mp, nag.Rule{
		ID: "AwsSolutions-IAM5",
		Reason: "Each wildcard is a folder of the data bucket that an access rule names (own folders via " + ownerVar +
			", which IAM resolves per caller); no action wildcard is granted.",
		AppliesTo: findings,
	})
	return mp
}

// accessStatements are what principal may do in the bucket bucketArn: its
// rules' statements and, with MalwareScan, reading the scan status of its
// own files.
func accessStatements(bucketArn string, p Props, principal policies.Principal) []policies.Statement {
	rules := p.Levels().Rules()
	ownerVar := policies.OwnerVariable(*p.OwnerKey)
	statements := policies.Statements(bucketArn, rules, principal, ownerVar)
	if *p.MalwareScan {
		statements = append(statements, policies.ScanStatusStatements(bucketArn, rules, principal, ownerVar)...)
	}
	return statements
}

func logicalID(b awss3.Bucket) string { return nag.LogicalID(b) }
