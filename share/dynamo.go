package share

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The table's schema, which constructs/share creates (the construct reads
// these names, so the two cannot drift).
const (
	// TableKey is the partition key: a share's id, or "<id>#to#<email>"
	// for each recipient of a named share.
	TableKey = "pk"
	// OwnerIndex lists a user's shares: partition OwnerAttr, sort CreatedAttr.
	OwnerIndex  = "byOwner"
	OwnerAttr   = "owner"
	CreatedAttr = "createdAt"
	// RecipientIndex finds the named shares of an email: partition
	// RecipientAttr, on the recipient items only (a sparse index).
	RecipientIndex = "byRecipient"
	RecipientAttr  = "recipient"
	// TTLAttr is the table's time-to-live attribute: epoch seconds,
	// ListedAfterExpiry after the share expires.
	TTLAttr = "ttl"
)

// DynamoStore is Store on a DynamoDB table.
type DynamoStore struct {
	Client *dynamodb.Client
	Table  string
}

type item = map[string]types.AttributeValue

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func n(v int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}
func b(v bool) types.AttributeValue { return &types.AttributeValueMemberBOOL{Value: v} }

func toItem(r Record) item {
	it := item{
		TableKey: s(r.ID), OwnerAttr: s(r.Owner), "kind": s(r.Kind), "key": s(r.Key),
		CreatedAttr: n(r.CreatedAt.Unix()), "expiresAt": n(r.ExpiresAt.Unix()), TTLAttr: n(ttl(r)),
		"maxDownloads": n(int64(r.MaxDownloads)), "downloads": n(int64(r.Downloads)),
		"signedInOnly": b(r.SignedInOnly), "maxBytes": n(r.MaxBytes), "revoked": b(r.Revoked),
		"failures": n(int64(r.Failures)), "lockedUntil": n(r.LockedUntil.Unix()), "ticketSecret": s(r.TicketSecret),
	}
	if r.OwnerEmail != "" {
		it["ownerEmail"] = s(r.OwnerEmail)
	}
	if r.PasswordHash != "" {
		it["passwordHash"] = s(r.PasswordHash)
	}
	if len(r.Recipients) > 0 {
		it["recipients"] = &types.AttributeValueMemberSS{Value: r.Recipients}
	}
	return it
}

func ttl(r Record) int64 { return r.ExpiresAt.Add(ListedAfterExpiry).Unix() }

func fromItem(it item) Record {
	str := func(k string) string {
		if v, ok := it[k].(*types.AttributeValueMemberS); ok {
			return v.Value
		}
		return ""
	}
	num := func(k string) int64 {
		if v, ok := it[k].(*types.AttributeValueMemberN); ok {
			x, _ := strconv.ParseInt(v.Value, 10, 64)
			return x
		}
		return 0
	}
	boolean := func(k string) bool {
		v, ok := it[k].(*types.AttributeValueMemberBOOL)
		return ok && v.Value
	}
	r := Record{
		ID: str(TableKey), Owner: str(OwnerAttr), OwnerEmail: str("ownerEmail"), Kind: str("kind"), Key: str("key"),
		CreatedAt: time.Unix(num(CreatedAttr), 0).UTC(), ExpiresAt: time.Unix(num("expiresAt"), 0).UTC(),
		PasswordHash: str("passwordHash"), TicketSecret: str("ticketSecret"),
		MaxDownloads: int(num("maxDownloads")), Downloads: int(num("downloads")),
		SignedInOnly: boolean("signedInOnly"), MaxBytes: num("maxBytes"), Revoked: boolean("revoked"),
		Failures: int(num("failures")), LockedUntil: time.Unix(num("lockedUntil"), 0).UTC(),
	}
	if v, ok := it["recipients"].(*types.AttributeValueMemberSS); ok {
		r.Recipients = v.Value
	}
	return r
}

func recipientKey(id, email string) string { return id + "#to#" + email }

// Put writes the share, then one item per recipient for RecipientIndex.
func (d *DynamoStore) Put(ctx context.Context, r Record) error {
	_, err := d.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: &d.Table, Item: toItem(r),
		ConditionExpression: aws.String("attribute_not_exists(pk)")})
	if err != nil {
		return err
	}
	for _, e := range r.Recipients {
		_, err := d.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: &d.Table, Item: item{
			TableKey: s(recipientKey(r.ID, e)), RecipientAttr: s(e), TTLAttr: n(ttl(r))}})
		if err != nil {
			return err
		}
	}
	return nil
}

// Get reads one share, strongly consistent.
func (d *DynamoStore) Get(ctx context.Context, id string) (Record, bool, error) {
	out, err := d.Client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &d.Table, Key: item{TableKey: s(id)},
		ConsistentRead: aws.Bool(true)})
	if err != nil || out.Item == nil || out.Item[OwnerAttr] == nil {
		return Record{}, false, err
	}
	return fromItem(out.Item), true, nil
}

// ByOwner queries OwnerIndex, every page.
func (d *DynamoStore) ByOwner(ctx context.Context, owner string) ([]Record, error) {
	var out []Record
	err := d.query(ctx, &dynamodb.QueryInput{TableName: &d.Table, IndexName: aws.String(OwnerIndex),
		KeyConditionExpression:    aws.String("#o = :o"),
		ExpressionAttributeNames:  map[string]string{"#o": OwnerAttr},
		ExpressionAttributeValues: item{":o": s(owner)}, ScanIndexForward: aws.Bool(false)},
		func(it item) error {
			out = append(out, fromItem(it))
			return nil
		})
	return out, err
}

// ByRecipient queries RecipientIndex (keys only), then reads each share.
func (d *DynamoStore) ByRecipient(ctx context.Context, email string) ([]Record, error) {
	var out []Record
	err := d.query(ctx, &dynamodb.QueryInput{TableName: &d.Table, IndexName: aws.String(RecipientIndex),
		KeyConditionExpression:    aws.String("#r = :r"),
		ExpressionAttributeNames:  map[string]string{"#r": RecipientAttr},
		ExpressionAttributeValues: item{":r": s(email)}},
		func(it item) error {
			key, _ := it[TableKey].(*types.AttributeValueMemberS)
			if key == nil {
				return nil
			}
			id, _, _ := strings.Cut(key.Value, "#")
			r, found, err := d.Get(ctx, id)
			if found {
				out = append(out, r)
			}
			return err
		})
	return out, err
}

// query runs in through every page, calling each for every item; it stops
// at the first error.
func (d *DynamoStore) query(ctx context.Context, in *dynamodb.QueryInput, each func(item) error) error {
	p := dynamodb.NewQueryPaginator(d.Client, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, it := range page.Items {
			if err := each(it); err != nil {
				return err
			}
		}
	}
	return nil
}

func conditionFailed(err error) bool {
	var c *types.ConditionalCheckFailedException
	return errors.As(err, &c)
}

// update runs one conditional update; ok is false when the condition fails.
// "#o" in expr or cond names OwnerAttr (OWNER is a reserved word).
func (d *DynamoStore) update(ctx context.Context, id, expr, cond string, values item) (bool, error) {
	in := &dynamodb.UpdateItemInput{TableName: &d.Table, Key: item{TableKey: s(id)}, UpdateExpression: &expr,
		ExpressionAttributeValues: values}
	if strings.Contains(expr+cond, "#o") {
		in.ExpressionAttributeNames = map[string]string{"#o": OwnerAttr}
	}
	if cond != "" {
		in.ConditionExpression = &cond
	}
	_, err := d.Client.UpdateItem(ctx, in)
	if conditionFailed(err) {
		return false, nil
	}
	return err == nil, err
}

// Revoke marks the share revoked if owner owns it.
func (d *DynamoStore) Revoke(ctx context.Context, id, owner string) (bool, error) {
	return d.update(ctx, id, "SET revoked = :t", "attribute_exists(pk) AND #o = :o", item{":t": b(true), ":o": s(owner)})
}

// CountDownload adds one download while the share is live and under its limit.
func (d *DynamoStore) CountDownload(ctx context.Context, id string, now time.Time) (bool, error) {
	return d.update(ctx, id, "ADD downloads :one",
		"attribute_exists(pk) AND revoked = :f AND expiresAt > :now AND (maxDownloads = :zero OR downloads < maxDownloads)",
		item{":one": n(1), ":f": b(false), ":now": n(now.Unix()), ":zero": n(0)})
}

// Fail counts a wrong password, and locks the share at the limit.
func (d *DynamoStore) Fail(ctx context.Context, id string, lockUntil time.Time) error {
	out, err := d.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &d.Table, Key: item{TableKey: s(id)},
		UpdateExpression: aws.String("ADD failures :one"), ConditionExpression: aws.String("attribute_exists(pk)"),
		ExpressionAttributeValues: item{":one": n(1)}, ReturnValues: types.ReturnValueUpdatedNew})
	if err != nil {
		return err
	}
	if fromItem(out.Attributes).Failures < MaxPasswordFailures {
		return nil
	}
	_, err = d.update(ctx, id, "SET lockedUntil = :t, failures = :zero", "attribute_exists(pk)",
		item{":t": n(lockUntil.Unix()), ":zero": n(0)})
	return err
}

// ClearFailures resets the failure count.
func (d *DynamoStore) ClearFailures(ctx context.Context, id string) error {
	_, err := d.update(ctx, id, "SET failures = :zero", "attribute_exists(pk)", item{":zero": n(0)})
	return err
}
