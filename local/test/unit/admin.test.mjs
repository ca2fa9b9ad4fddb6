// The stand-in's operator: the user pool's admin API (AdminCreateUser,
// AdminSetUserPassword, AdminDeleteUser) for calls signed with the
// operator's key only, S3 as the account's administrator (bucket policies
// still apply), and aws:SecureTransport read from the connection
// (secureTransport "connection", what make verify's local run uses).
import assert from "node:assert/strict";
import https from "node:https";
import { after, before, test } from "node:test";
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, DeleteIdentitiesCommand } from "@aws-sdk/client-cognito-identity";
import { AbortMultipartUploadCommand, CreateMultipartUploadCommand, ListMultipartUploadsCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { prepareTemplate, prepareWeb } from "../../src/prepare.mjs";
import { startStandIn } from "../../src/standin.mjs";

let s, idp;
before(async () => {
  const template = process.env.LOCAL_TEMPLATE ?? (await prepareTemplate({ log: () => {} }));
  const webDist = process.env.LOCAL_WEB_DIST ?? prepareWeb({ log: () => {} });
  s = await startStandIn({ template, webDist, secureTransport: "connection" });
  idp = new CognitoIdentityProviderClient({ region: s.config.region, endpoint: s.urls.idp, credentials: s.operator });
});
after(async () => {
  await s?.stop();
});

const email = "admin-made@example.com";
const s3 = (endpoint, credentials = s.operator) =>
  new S3Client({
    region: s.config.region,
    endpoint,
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ ca: s.tls.cert }) }),
  });

test("AdminCreateUser, AdminSetUserPassword (permanent), AdminDeleteUser with the operator's key", async () => {
  const made = await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: s.ids.userPoolId,
      Username: email,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: "true" },
      ],
    }),
  );
  assert.equal(made.User.UserStatus, "FORCE_CHANGE_PASSWORD");
  assert.equal(made.User.Username, s.users.byEmail(email).sub, "the username is the sub, as in a pool that signs in by email");
  await assert.rejects(idp.send(new AdminCreateUserCommand({ UserPoolId: s.ids.userPoolId, Username: email })), { name: "UsernameExistsException" });
  await assert.rejects(idp.send(new AdminSetUserPasswordCommand({ UserPoolId: s.ids.userPoolId, Username: email, Password: "short", Permanent: true })), {
    name: "InvalidPasswordException",
  });
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: s.ids.userPoolId, Username: email, Password: "Admin-Made-Pass1", Permanent: true }));
  assert.equal(s.users.byEmail(email).status, "CONFIRMED");
  assert.ok(s.users.authenticate(email, "Admin-Made-Pass1"));
  await idp.send(new AdminDeleteUserCommand({ UserPoolId: s.ids.userPoolId, Username: email }));
  assert.equal(s.users.byEmail(email), undefined);
  await assert.rejects(idp.send(new AdminDeleteUserCommand({ UserPoolId: s.ids.userPoolId, Username: email })), { name: "UserNotFoundException" });
});

test("admin calls: another pool is ResourceNotFoundException, a wrong secret InvalidSignatureException, a user's credentials AccessDeniedException", async () => {
  await assert.rejects(idp.send(new AdminDeleteUserCommand({ UserPoolId: "eu-west-1_other", Username: email })), { name: "ResourceNotFoundException" });
  const forged = new CognitoIdentityProviderClient({ region: s.config.region, endpoint: s.urls.idp, credentials: { ...s.operator, secretAccessKey: "wrong" } });
  await assert.rejects(forged.send(new AdminDeleteUserCommand({ UserPoolId: s.ids.userPoolId, Username: email })), { name: "InvalidSignatureException" });
  const user = s.credentials.issue({ identityId: "eu-west-1:00000000-0000-0000-0000-000000000000", roleArn: s.model.authenticatedRole.arn }, 60);
  const asUser = new CognitoIdentityProviderClient({
    region: s.config.region,
    endpoint: s.urls.idp,
    credentials: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey, sessionToken: user.sessionToken },
  });
  await assert.rejects(asUser.send(new AdminCreateUserCommand({ UserPoolId: s.ids.userPoolId, Username: email })), { name: "AccessDeniedException" });
});

test("secureTransport connection: the operator lists versions over https; over http the bucket policy denies even the operator", async () => {
  const bucket = s.model.dataBucket.name;
  const ok = await s3(s.urls.s3.replace(/^http:/, "https:")).send(new ListObjectVersionsCommand({ Bucket: bucket }));
  assert.equal(ok.$metadata.httpStatusCode, 200);
  await assert.rejects(s3(s.urls.s3).send(new ListObjectVersionsCommand({ Bucket: bucket })), (e) => e.name === "AccessDenied" && /explicit deny in a resource-based policy/.test(e.message));
  assert.equal(s.config.endpoints.s3, s.urls.s3.replace(/^http:/, "https:"), "the app's config names S3's https URL");
});

test("ListMultipartUploads: the unfinished uploads under a prefix, in key order, paged at max-uploads", async () => {
  const bucket = s.model.dataBucket.name;
  const op = s3(s.urls.s3.replace(/^http:/, "https:"));
  const ids = [];
  for (const Key of ["private/x/b.bin", "private/x/a.bin", "private/y/c.bin"]) ids.push((await op.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }))).UploadId);
  const first = await op.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: "private/x/", MaxUploads: 1 }));
  assert.deepEqual(first.Uploads.map((u) => u.Key), ["private/x/a.bin"]);
  assert.equal(first.IsTruncated, true);
  const next = await op.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: "private/x/", KeyMarker: first.NextKeyMarker, UploadIdMarker: first.NextUploadIdMarker }));
  assert.deepEqual(next.Uploads.map((u) => [u.Key, u.UploadId]), [["private/x/b.bin", ids[0]]]);
  assert.equal(next.IsTruncated, false);
  for (const [i, Key] of ["private/x/b.bin", "private/x/a.bin", "private/y/c.bin"].entries()) await op.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key, UploadId: ids[i] }));
  assert.equal((await op.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads, undefined);
});

test("DeleteIdentities: the operator forgets an identity and expires its credentials; a user may not", async () => {
  const id = s.identities.idFor("deleted-user-sub");
  const creds = s.credentials.issue({ identityId: id, roleArn: s.model.authenticatedRole.arn }, 60);
  const asUser = new CognitoIdentityClient({ region: s.config.region, endpoint: s.urls.identity, credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken } });
  await assert.rejects(asUser.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [id] })), { name: "AccessDeniedException" });
  const op = new CognitoIdentityClient({ region: s.config.region, endpoint: s.urls.identity, credentials: s.operator });
  const out = await op.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [id] }));
  assert.deepEqual(out.UnprocessedIdentityIds, []);
  assert.equal(s.identities.has(id), false);
  assert.ok(creds.expiration.getTime() <= Date.now(), "its credentials expired");
});
