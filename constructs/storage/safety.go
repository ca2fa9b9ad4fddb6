package storage

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsbackup"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudtrail"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"

	"github.com/privatefolders/privatefolders/internal/nag"
)

// objectLock is the governance-mode default retention, or nil when off.
// Governance mode keeps versions from deletion by anyone without
// s3:BypassGovernanceRetention (no role of this system has it), while an
// operator can still lift it; compliance mode could never be undone.
func objectLock(p Props) awss3.ObjectLockRetention {
	if p.ObjectLockDays == nil {
		return nil
	}
	return awss3.ObjectLockRetention_Governance(awscdk.Duration_Days(p.ObjectLockDays))
}

// replication copies every object and delete marker to the replica
// bucket, or is nil when none is configured.
func replication(s *Storage, p Props) *[]*awss3.ReplicationRule {
	if p.ReplicaBucketArn == nil {
		return nil
	}
	replica := awss3.Bucket_FromBucketArn(s.Construct, jsii.String("Replica"), p.ReplicaBucketArn)
	return &[]*awss3.ReplicationRule{{
		Id:                      jsii.String("ReplicateEverything"),
		Destination:             replica,
		Priority:                jsii.Number(1),
		DeleteMarkerReplication: jsii.Bool(true),
	}}
}

// suppressReplicationFindings explains the grants the CDK gives S3's
// replication role: read every object version of the data bucket, write
// replicas into the replica bucket; nothing else can assume it.
func suppressReplicationFindings(b awss3.Bucket, replicaArn string) {
	policy := b.Node().FindChild(jsii.String("ReplicationRole")).Node().FindChild(jsii.String("DefaultPolicy"))
	nag.Suppress(policy, nag.Rule{
		ID:        "AwsSolutions-IAM5",
		Reason:    "S3 replication reads every object version of the data bucket and writes each into the replica bucket; the role trusts only s3.amazonaws.com.",
		AppliesTo: []any{nag.Finding("Resource", "<"+nag.LogicalID(b)+".Arn>/*"), nag.Finding("Resource", replicaArn+"/*")},
	})
	nag.Suppress(policy, nag.ForPacks("IAMNoInlinePolicy",
		"The CDK keeps the replication grants inline on the replication role, which only S3 can assume.")...)
}

// newBackup creates a vault (retained: it holds the recovery points) and a
// plan of continuous backups of the data bucket with 35 days of
// point-in-time restore, the longest AWS Backup offers for S3.
func newBackup(s *Storage) awsbackup.BackupPlan {
	vault := awsbackup.NewBackupVault(s.Construct, jsii.String("BackupVault"), &awsbackup.BackupVaultProps{
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	plan := awsbackup.NewBackupPlan(s.Construct, jsii.String("BackupPlan"), &awsbackup.BackupPlanProps{BackupVault: vault})
	plan.AddRule(awsbackup.NewBackupPlanRule(&awsbackup.BackupPlanRuleProps{
		RuleName:               jsii.String("Continuous"),
		EnableContinuousBackup: jsii.Bool(true),
		DeleteAfter:            awscdk.Duration_Days(jsii.Number(35)),
	}))
	role := awsiam.NewRole(s.Construct, jsii.String("BackupRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("backup.amazonaws.com"), nil),
		ManagedPolicies: &[]awsiam.IManagedPolicy{
			awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("service-role/AWSBackupServiceRolePolicyForS3Backup")),
			awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("service-role/AWSBackupServiceRolePolicyForS3Restore")),
		},
	})
	nag.Suppress(role, nag.Rule{
		ID:     "AwsSolutions-IAM4",
		Reason: "AWS Backup's own service policies for S3 backup and restore; AWS keeps them in step with what the service needs.",
		AppliesTo: []any{
			"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForS3Backup",
			"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForS3Restore",
		},
	})
	plan.AddSelection(jsii.String("DataBucket"), &awsbackup.BackupSelectionOptions{
		Resources:                  &[]awsbackup.BackupResource{awsbackup.BackupResource_FromArn(s.Bucket.BucketArn())},
		Role:                       role,
		DisableDefaultBackupPolicy: jsii.Bool(true),
	})
	return plan
}

// newTrail records every read and write of the data bucket's objects
// (not management events, which the account's own trail covers) in the
// logs bucket, with log file integrity validation.
func newTrail(s *Storage) awscloudtrail.Trail {
	trail := awscloudtrail.NewTrail(s.Construct, jsii.String("DataEvents"), &awscloudtrail.TrailProps{
		Bucket:                     s.LogsBucket,
		S3KeyPrefix:                jsii.String("cloudtrail"),
		ManagementEvents:           awscloudtrail.ReadWriteType_NONE,
		IncludeGlobalServiceEvents: jsii.Bool(false),
		IsMultiRegionTrail:         jsii.Bool(false),
		EnableFileValidation:       jsii.Bool(true),
	})
	trail.AddS3EventSelector(&[]*awscloudtrail.S3EventSelector{{Bucket: s.Bucket}}, &awscloudtrail.AddEventSelectorOptions{
		ReadWriteType:           awscloudtrail.ReadWriteType_ALL,
		IncludeManagementEvents: jsii.Bool(false),
	})
	nag.Suppress(trail, nag.ForPacks("CloudTrailCloudWatchLogsEnabled",
		"The trail records object-level data events for audit; they are kept in the private logs bucket with the access logs rather than streamed to CloudWatch Logs.")...)
	nag.Suppress(trail, nag.ForPacks("CloudTrailEncryptionEnabled",
		"Trail files are encrypted at rest with SSE-S3 in the private logs bucket (TLS-only, no public access); a KMS key would add per-request cost without another reader boundary.")...)
	return trail
}
