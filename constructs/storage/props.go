package storage

import (
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/internal/buckets"
	"github.com/privatefolders/privatefolders/internal/urls"
	"github.com/privatefolders/privatefolders/policies"
)

// Props configures Storage. The zero value is valid. Each prop's default
// and range is also exported as a rule value (OwnerPrefixRule,
// NoncurrentVersionExpirationDaysRule, ...), which New applies.
type Props struct {
	// BucketName names the data bucket: 3-63 lowercase letters, digits or
	// hyphens (no dots: they break TLS for virtual-hosted requests).
	// Default: "<stack name slug>-data-<account>-<region>", built from
	// pseudo-parameters so it is known before the bucket exists.
	BucketName *string
	// CorsOrigins are the browser origins allowed to call the data bucket,
	// such as "https://d111111abcdef8.cloudfront.net" or
	// "http://localhost:5173": https, or http on localhost; never "*".
	// Default: none, so no browser can call the bucket.
	CorsOrigins *[]*string
	// OwnerPrefix is the folder under which each identity gets its own
	// folder, "<prefix><identity id>/". Default: "private/".
	OwnerPrefix *string
	// OwnerRoles are the roles of signed-in identities (the authenticated
	// role and every group's role): each gets its own folder (read, write,
	// delete, list) and what the protected and public levels grant, through
	// one managed policy attached to each. Default: none (attach later with
	// OwnerPolicy.AttachToRole).
	OwnerRoles *[]awsiam.IRole
	// OwnerKey is what names each folder: "identityId" (the identity id) or
	// "userPoolSub" (the "owner" principal tag). Default: "identityId".
	OwnerKey *string
	// ProtectedPrefix turns on the protected level: "<prefix><owner>/" is
	// written by its owner and read and listed by every signed-in user.
	// Default: off.
	ProtectedPrefix *string
	// PublicPrefix turns on the public level: every signed-in user reads and
	// lists it. Default: off.
	PublicPrefix *string
	// PublicWrite lets every signed-in user also write and delete under
	// PublicPrefix. Default: false.
	PublicWrite *bool
	// GuestRoles are the roles of guest (unauthenticated) identities: they
	// may read and list the public level, and nothing else. Default: none.
	GuestRoles *[]awsiam.IRole
	// GroupRules are extra permissions for members of user-pool groups, such
	// as read-only access to all of "private/" for auditors. Default: none.
	GroupRules *[]*GroupRule
	// GroupRoles are the groups' roles, by group name; each group with rules
	// gets a managed policy on its role. Default: none.
	GroupRoles *map[string]awsiam.IRole
	// NoncurrentVersionExpirationDays is how long an overwritten or deleted
	// file's old version is kept for an operator to restore, 1 to 3650.
	// Default: 30.
	NoncurrentVersionExpirationDays *float64
	// LogsBucket receives the data bucket's server access logs.
	// Default: a new private bucket (see LogsRetentionDays).
	LogsBucket awss3.IBucket
	// LogsRetentionDays is how long access logs are kept in the logs bucket
	// this construct creates, 1 to 3650. Default: 365.
	LogsRetentionDays *float64
	// Backup protects the data bucket with an AWS Backup plan: continuous
	// backups with point-in-time restore for the last 35 days, in a vault
	// of its own. Default: false.
	Backup *bool
	// ReplicaBucketArn replicates every object (and delete marker) of the
	// data bucket to this bucket, normally in another region; it must exist
	// and be versioned. Default: no replication.
	ReplicaBucketArn *string
	// DataEvents records who read or wrote which object of the data bucket
	// with a CloudTrail trail of S3 data events, written to the logs bucket.
	// Default: false.
	DataEvents *bool
	// ObjectLockDays turns on S3 Object Lock in governance mode: every object
	// version is kept at least this many days, 1 to 36500, even against
	// deletes by administrators without the bypass permission. Default: off.
	ObjectLockDays *float64
	// MalwareScan scans every new object version with Amazon GuardDuty
	// Malware Protection for S3, which tags it GuardDutyMalwareScanStatus,
	// and lets nobody but the scanner read a version's content until that
	// tag is NO_THREATS_FOUND (a bucket-policy deny for every principal).
	// Owners may read the tags of their own files; only the scanner and the
	// release role (Storage.Malware.ReleaseRole) may change tags. Billed per GB
	// scanned and per object. Default: false.
	MalwareScan *bool
	// RemovalPolicy applies to the data and logs buckets. Default: RETAIN,
	// because deleting the bucket loses every user's files.
	RemovalPolicy awscdk.RemovalPolicy
}

// GroupRule gives the members of a user-pool group permissions under a path.
type GroupRule struct {
	// Group is the group's name.
	Group *string
	// Path is a prefix ending in "/" (such as "private/" or "reports/"),
	// optionally ending in "{owner}/". Not the bucket root.
	Path *string
	// Permissions are any of "get", "list", "write", "delete".
	Permissions *[]*string
}

// Levels are the access levels p describes, with defaults applied.
func (p Props) Levels() policies.Levels {
	l := policies.Levels{
		Private:     *p.OwnerPrefix,
		PublicWrite: *p.PublicWrite,
		Guests:      len(*p.GuestRoles) > 0,
	}
	if p.ProtectedPrefix != nil {
		l.Protected = *p.ProtectedPrefix
	}
	if p.PublicPrefix != nil {
		l.Public = *p.PublicPrefix
	}
	for _, r := range *p.GroupRules {
		if r == nil {
			continue
		}
		g := policies.GroupRule{}
		if r.Group != nil {
			g.Group = *r.Group
		}
		if r.Path != nil {
			g.Path = *r.Path
		}
		if r.Permissions != nil {
			for _, perm := range *r.Permissions {
				g.Permissions = append(g.Permissions, policies.Permission(*perm))
			}
		}
		l.Groups = append(l.Groups, g)
	}
	return l
}

// The rules of Props: each prop's default and accepted values, as New
// applies them.
var (
	// BucketNameRule is what an unset BucketName gives.
	BucketNameRule = check.Text{Unset: "`<stack name slug>-data-<account>-<region>`"}
	// OwnerPrefixRule is OwnerPrefix's default.
	OwnerPrefixRule = check.Text{Default: policies.DefaultOwnerPrefix}
	// OwnerKeyRule is OwnerKey's modes and default, shared with auth.
	OwnerKeyRule = policies.OwnerKeyRule
	// ProtectedPrefixRule is what an unset ProtectedPrefix means.
	ProtectedPrefixRule = check.Text{Unset: "none (level off)"}
	// PublicPrefixRule is what an unset PublicPrefix means.
	PublicPrefixRule = check.Text{Unset: "none (level off)"}
	// PublicWriteRule is PublicWrite's default.
	PublicWriteRule = check.Flag{Default: false}
	// NoncurrentVersionExpirationDaysRule is NoncurrentVersionExpirationDays's range and default.
	NoncurrentVersionExpirationDaysRule = check.Whole{Min: 1, Max: 3650, Default: 30}
	// LogsRetentionDaysRule is LogsRetentionDays's range and default, shared with site.
	LogsRetentionDaysRule = buckets.LogsRetentionDays
	// BackupRule is Backup's default.
	BackupRule = check.Flag{Default: false}
	// ReplicaBucketArnRule is what an unset ReplicaBucketArn means.
	ReplicaBucketArnRule = check.Text{Unset: "none (no replication)"}
	// DataEventsRule is DataEvents's default.
	DataEventsRule = check.Flag{Default: false}
	// MalwareScanRule is MalwareScan's default.
	MalwareScanRule = check.Flag{Default: false}
	// ObjectLockDaysRule is ObjectLockDays's range; unset, Object Lock is off.
	ObjectLockDaysRule = check.Whole{Min: 1, Max: 36500, Unset: "off"}
)

// withDefaults returns a copy of props (which may be nil) with every unset
// field filled, except BucketName, whose default New derives from the stack.
func withDefaults(props *Props) Props {
	p := Props{}
	if props != nil {
		p = *props
	}
	if p.CorsOrigins == nil {
		p.CorsOrigins = &[]*string{}
	}
	p.OwnerPrefix = OwnerPrefixRule.Or(p.OwnerPrefix)
	if p.OwnerRoles == nil {
		p.OwnerRoles = &[]awsiam.IRole{}
	}
	p.OwnerKey = OwnerKeyRule.Or(p.OwnerKey)
	p.PublicWrite = PublicWriteRule.Or(p.PublicWrite)
	if p.GuestRoles == nil {
		p.GuestRoles = &[]awsiam.IRole{}
	}
	if p.GroupRules == nil {
		p.GroupRules = &[]*GroupRule{}
	}
	if p.GroupRoles == nil {
		p.GroupRoles = &map[string]awsiam.IRole{}
	}
	p.Backup = BackupRule.Or(p.Backup)
	p.DataEvents = DataEventsRule.Or(p.DataEvents)
	p.MalwareScan = MalwareScanRule.Or(p.MalwareScan)
	p.NoncurrentVersionExpirationDays = NoncurrentVersionExpirationDaysRule.Or(p.NoncurrentVersionExpirationDays)
	p.LogsRetentionDays = LogsRetentionDaysRule.Or(p.LogsRetentionDays)
	if p.RemovalPolicy == "" {
		p.RemovalPolicy = awscdk.RemovalPolicy_RETAIN
	}
	return p
}

var bucketArnRule = regexp.MustCompile(`^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

var bucketNameRule = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)

// ValidateBucketName checks an S3 bucket name for the data bucket: 3-63
// lowercase letters, digits or hyphens, starting and ending with a letter or
// digit, without S3's reserved prefixes and suffixes. Dots are refused: a
// dotted name breaks TLS for the browser's virtual-hosted requests.
// Unresolved tokens are skipped.
func ValidateBucketName(ps *check.Problems, field, name string) {
	if check.IsToken(name) {
		return
	}
	if !bucketNameRule.MatchString(name) {
		ps.Add(field, name, "must be 3-63 lowercase letters, digits or hyphens, starting and ending with a letter or digit")
	}
	for _, reserved := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, reserved) {
			ps.Add(field, name, "must not start with "+reserved+" (reserved by S3)")
		}
	}
	for _, reserved := range []string{"-s3alias", "--ol-s3", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, reserved) {
			ps.Add(field, name, "must not end with "+reserved+" (reserved by S3)")
		}
	}
}

// Validate reports every problem with p (nil is valid): each field's
// default is valid, set fields are checked, and each problem names its prop
// ("BucketName", "GroupRules.Path"). It is pure and skips unresolved tokens.
func (props *Props) Validate() error {
	p := withDefaults(props)
	var ps check.Problems
	if p.BucketName != nil {
		ValidateBucketName(&ps, "BucketName", *p.BucketName)
	}
	for _, o := range *p.CorsOrigins {
		urls.CheckOrigin(&ps, "CorsOrigins", *o)
	}
	ps.Merge(p.Levels().Validate())
	OwnerKeyRule.Check(&ps, "OwnerKey", *p.OwnerKey)
	NoncurrentVersionExpirationDaysRule.Check(&ps, "NoncurrentVersionExpirationDays", *p.NoncurrentVersionExpirationDays)
	LogsRetentionDaysRule.Check(&ps, "LogsRetentionDays", *p.LogsRetentionDays)
	if p.ObjectLockDays != nil {
		ObjectLockDaysRule.Check(&ps, "ObjectLockDays", *p.ObjectLockDays)
	}
	if p.ReplicaBucketArn != nil && !check.IsToken(*p.ReplicaBucketArn) && !bucketArnRule.MatchString(*p.ReplicaBucketArn) {
		ps.Add("ReplicaBucketArn", *p.ReplicaBucketArn, "must be an S3 bucket ARN such as arn:aws:s3:::my-replica-bucket")
	}
	return ps.Err()
}
