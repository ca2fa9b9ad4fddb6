package storage

import (
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/privatefolders/privatefolders/check"
	"github.com/privatefolders/privatefolders/internal/propdoc"
)

func TestValidate(t *testing.T) {
	t.Run("nil props are valid", func(t *testing.T) {
		assert.NoError(t, (*Props)(nil).Validate())
	})
	t.Run("a full set of good props is valid", func(t *testing.T) {
		assert.NoError(t, (&Props{
			BucketName:                      jsii.String("my-files-data"),
			CorsOrigins:                     jsii.Strings("https://app.example.com", "http://localhost:5173"),
			OwnerPrefix:                     jsii.String("home/"),
			NoncurrentVersionExpirationDays: jsii.Number(90),
			LogsRetentionDays:               jsii.Number(30),
		}).Validate())
	})
	cases := []struct {
		name, key, rule string
		props           Props
	}{
		{"fails when the bucket name has dots", "BucketName", "lowercase letters, digits or hyphens", Props{BucketName: jsii.String("my.files")}},
		{"fails when the bucket name is reserved", "BucketName", "must not start with xn--", Props{BucketName: jsii.String("xn--files")}},
		{"fails when a CORS origin is *", "CorsOrigins", "wildcard", Props{CorsOrigins: jsii.Strings("*")}},
		{"fails when the owner prefix is the root", "OwnerPrefix", `must not start with "/"`, Props{OwnerPrefix: jsii.String("/")}},
		{"fails when old versions are never expired", "NoncurrentVersionExpirationDays", "from 1 to 3650", Props{NoncurrentVersionExpirationDays: jsii.Number(0)}},
		{"fails when logs are kept for a fraction of a day", "LogsRetentionDays", "whole number", Props{LogsRetentionDays: jsii.Number(1.5)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.props.Validate()
			require.Error(t, err)
			assert.True(t, strings.Contains(err.Error(), c.key+": ") && strings.Contains(err.Error(), c.rule), err.Error())
		})
	}
}

func TestPropDocs(t *testing.T) {
	propdoc.Check(t, ".", "Props", map[string]check.Rule{
		"BucketName": BucketNameRule, "OwnerPrefix": OwnerPrefixRule, "OwnerKey": OwnerKeyRule,
		"ProtectedPrefix": ProtectedPrefixRule, "PublicPrefix": PublicPrefixRule, "PublicWrite": PublicWriteRule,
		"NoncurrentVersionExpirationDays": NoncurrentVersionExpirationDaysRule, "LogsRetentionDays": LogsRetentionDaysRule,
		"Backup": BackupRule, "ReplicaBucketArn": ReplicaBucketArnRule, "DataEvents": DataEventsRule, "ObjectLockDays": ObjectLockDaysRule,
		"MalwareScan": MalwareScanRule,
	})
}
