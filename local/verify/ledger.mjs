// Everything a run creates, and its removal. Cleanup runs once, at the end
// or on SIGINT/SIGTERM, with the operator's credentials (only they may
// delete object versions and users): every object version and delete
// marker the run wrote (those it recorded, and all in the throwaway
// identities' folders, which only this run used), every unfinished
// multipart upload there, every user it created and their identities, and
// first every share it made through the share service (revoked with its
// owner's ID token, while that user still exists).

import { AbortMultipartUploadCommand, DeleteObjectsCommand, ListMultipartUploadsCommand, ListObjectVersionsCommand } from "@aws-sdk/client-s3";
import { AdminDeleteUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { DeleteIdentitiesCommand } from "@aws-sdk/client-cognito-identity";

/** What a run made: users, object versions, uploads, shares, and its identities' folders. */
export class Ledger {
  constructor() {
    /** Usernames, recorded before AdminCreateUser is sent. */
    this.users = new Set();
    /** { key, versionId } of every write the run saw answered. */
    this.versions = [];
    /** { key, uploadId } of multipart uploads started. */
    this.uploads = [];
    /** The throwaway identities' folders ("private/<identity id>/"). */
    this.folders = new Set();
    /** The identity-pool identities of the throwaway users (GetId made them). */
    this.identities = new Set();
    /** Shares made through the share service: { id, siteUrl, idToken (the owner's, to revoke it) }. */
    this.shares = [];
  }

  /** An upload completed or aborted: nothing to abort any more. */
  finished(uploadId) {
    this.uploads = this.uploads.filter((u) => u.uploadId !== uploadId);
  }

  /** Records a write's answer (PutObject, CompleteMultipartUpload, DeleteObject: its VersionId). */
  wrote(key, output) {
    if (output?.VersionId) this.versions.push({ key, versionId: output.VersionId });
    return output;
  }
}

/**
 * Counts a client's requests in flight and, once stop() is called, refuses
 * new ones: after Ctrl-C the run waits for what was sent, then cleans up,
 * so nothing is written after the cleanup looked.
 */
export class Inflight {
  constructor() {
    this.count = 0;
    this.stopped = false;
    this.waiters = [];
  }

  /** Adds the counting middleware to an AWS SDK v3 client; returns the client. */
  track(client) {
    client.middlewareStack.add((next) => (args) => this.run(() => next(args)), { step: "initialize", name: "verifyInflight" });
    return client;
  }

  /** Runs one request (fn) counted; refused once stopped. */
  async run(fn) {
    if (this.stopped) throw Object.assign(new Error("verify was interrupted"), { name: "Interrupted" });
    this.count++;
    try {
      return await fn();
    } finally {
      this.count--;
      if (this.count === 0) this.waiters.splice(0).forEach((w) => w());
    }
  }

  stop() {
    this.stopped = true;
  }

  /** Resolves when no request is in flight (or after timeoutMs). */
  settled(timeoutMs = 15000) {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

async function listAll(s3, bucket, prefix) {
  const versions = [];
  let KeyMarker, VersionIdMarker;
  do {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker, VersionIdMarker }));
    for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) versions.push({ key: v.Key, versionId: v.VersionId });
    ({ NextKeyMarker: KeyMarker, NextVersionIdMarker: VersionIdMarker } = page.IsTruncated ? page : {});
  } while (KeyMarker);
  return versions;
}

async function listUploads(s3, bucket, prefix) {
  const page = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
  return (page.Uploads ?? []).map((u) => ({ key: u.Key, uploadId: u.UploadId }));
}

/** The distinct entries of a list, by a key function. */
export function distinct(list, keyOf) {
  return [...new Map(list.map((x) => [keyOf(x), x])).values()];
}

/** Splits a list into batches of n (DeleteObjects takes 1,000 keys). */
export function batches(list, n = 1000) {
  const out = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
}

/**
 * Revokes the shares a run made (DELETE /api/shares/<id> with the owner's ID
 * token; 404: already revoked). Returns { revoked, problems }.
 */
export async function revokeShares(shares, fetchFn = fetch) {
  let revoked = 0;
  const problems = [];
  for (const s of shares) {
    try {
      const r = await fetchFn(new URL(`api/shares/${encodeURIComponent(s.id)}`, s.siteUrl).toString(), { method: "DELETE", headers: { authorization: `Bearer ${s.idToken}` } });
      if (r.status === 204 || r.status === 404) revoked++;
      else problems.push(`revoke share ${s.id}: HTTP ${r.status}`);
    } catch (e) {
      problems.push(`revoke share ${s.id}: ${e.name}: ${e.message}`);
    }
  }
  return { revoked, problems };
}

/**
 * Removes what the ledger holds. admin: { s3, idp, identity } clients with
 * the operator's credentials; bucket, userPoolId. Returns { shares, versions,
 * uploads, users, identities, problems } (counts of what was removed, and
 * what could not be).
 */
export async function cleanUp(ledger, { s3, idp, identity, bucket, userPoolId, fetchFn = fetch }) {
  // Shares first: revoking one needs its owner's token, which the user's deletion would end.
  const { revoked: revokedShares, problems } = await revokeShares(ledger.shares, fetchFn);
  const attempt = async (what, fn) => {
    try {
      return await fn();
    } catch (e) {
      problems.push(`${what}: ${e.name}: ${e.message}`);
      return undefined;
    }
  };
  let uploads = [...ledger.uploads];
  let versions = [...ledger.versions];
  for (const prefix of ledger.folders) {
    uploads.push(...((await attempt(`list uploads in ${prefix}`, () => listUploads(s3, bucket, prefix))) ?? []));
    versions.push(...((await attempt(`list versions in ${prefix}`, () => listAll(s3, bucket, prefix))) ?? []));
  }
  uploads = distinct(uploads, (u) => u.uploadId);
  versions = distinct(versions, (v) => `${v.key}\n${v.versionId}`);
  let abortedUploads = 0;
  for (const u of uploads) {
    try {
      await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.key, UploadId: u.uploadId }));
      abortedUploads++;
    } catch (e) {
      if (e.name !== "NoSuchUpload") problems.push(`abort upload ${u.key}: ${e.name}: ${e.message}`);
    }
  }
  let deletedVersions = 0;
  for (const batch of batches(versions)) {
    const out = await attempt("delete versions", () =>
      s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((v) => ({ Key: v.key, VersionId: v.versionId })), Quiet: false } })),
    );
    deletedVersions += out?.Deleted?.length ?? 0;
    for (const e of out?.Errors ?? []) if (e.Code !== "NoSuchVersion") problems.push(`delete ${e.Key} version ${e.VersionId}: ${e.Code}: ${e.Message}`);
  }
  let deletedUsers = 0;
  for (const username of ledger.users) {
    try {
      await idp.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
      deletedUsers++;
    } catch (e) {
      if (e.name !== "UserNotFoundException") problems.push(`delete user ${username}: ${e.name}: ${e.message}`);
    }
  }
  let deletedIdentities = 0;
  if (ledger.identities.size) {
    const out = await attempt("delete identities", () => identity.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [...ledger.identities] })));
    const unprocessed = out?.UnprocessedIdentityIds ?? [];
    if (out) deletedIdentities = ledger.identities.size - unprocessed.length;
    for (const u of unprocessed) problems.push(`delete identity ${u.IdentityId}: ${u.ErrorCode}`);
  }
  return { shares: revokedShares, versions: deletedVersions, uploads: abortedUploads, users: deletedUsers, identities: deletedIdentities, problems };
}
