// What the run talks to. Against AWS: the stack's outputs from
// CloudFormation DescribeStacks, the services' default endpoints, the
// operator's credentials from the SDK's default chain. Against the local
// stand-in (`--local FILE`, written by local.mjs): the same outputs, the
// stand-in's endpoints and its operator key, read from FILE. That is the
// whole switch: every check below runs the same SDK calls either way.

import fs from "node:fs";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { CognitoIdentityClient } from "@aws-sdk/client-cognito-identity";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { S3Client } from "@aws-sdk/client-s3";
import { outputsOf } from "./outputs.mjs";

/**
 * { name, outputs, region, endpoints: { s3, s3Plain, cognitoIdentity, cognitoIdp }, s3ForcePathStyle,
 *   operator (credentials, or undefined: the default chain), ignoreHTTPSErrors }
 */
export async function loadTarget({ localFile, stackName, region }) {
  if (localFile) {
    const t = JSON.parse(fs.readFileSync(localFile, "utf8"));
    return { name: `${t.stackName} (local stand-in)`, outputs: t.outputs, region: t.outputs.Region, endpoints: t.endpoints, s3ForcePathStyle: true, operator: t.operator, ignoreHTTPSErrors: true };
  }
  const cfn = new CloudFormationClient(region ? { region } : {});
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = outputsOf(Stacks?.[0]);
  const r = outputs.Region ?? region;
  return {
    name: `${stackName} (${r})`,
    outputs,
    region: r,
    // Plain HTTP to the regional endpoint, path-style: S3 answers http, the bucket policy must refuse it.
    endpoints: { s3Plain: `http://s3.${r}.amazonaws.com` },
    s3ForcePathStyle: false,
    operator: undefined,
    ignoreHTTPSErrors: false,
  };
}

/** The SDK clients of a run, each counted by `inflight` (ledger.mjs) unless it is the cleanup's. */
export function clientsFor(target, inflight) {
  const { region, endpoints } = target;
  const track = (c) => (inflight ? inflight.track(c) : c);
  return {
    /** S3 as a user (their identity-pool credentials); plain: over http. */
    s3As: (credentials, { plain = false } = {}) =>
      track(
        new S3Client({
          region,
          credentials,
          endpoint: plain ? endpoints.s3Plain : endpoints.s3,
          forcePathStyle: plain || target.s3ForcePathStyle,
          maxAttempts: 1,
        }),
      ),
    identity: track(new CognitoIdentityClient({ region, endpoint: endpoints.cognitoIdentity })),
    /** HTTP to the site and the bucket (the share service's routes, presigned URLs), counted like the clients. */
    fetch: (url, init) => (inflight ? inflight.run(() => fetchAll(url, init)) : fetchAll(url, init)),
    admin: adminClients(target, track),
  };
}

/**
 * fetch, its answer read whole: { status, location, versionId, body (Buffer), text }
 * (read inside the counted request, so nothing is in flight once it resolves).
 */
export async function fetchAll(url, init) {
  const r = await fetch(url, init);
  const body = Buffer.from(await r.arrayBuffer());
  return { status: r.status, location: r.headers.get("location") ?? undefined, versionId: r.headers.get("x-amz-version-id") ?? undefined, body, text: body.toString("utf8") };
}

/** The operator's clients: the user pool's admin API, the identity pool (DeleteIdentities) and S3 (version deletes). */
export function adminClients(target, track = (c) => c) {
  const { region, endpoints, operator } = target;
  const credentials = operator ? { credentials: operator } : {};
  return {
    idp: track(new CognitoIdentityProviderClient({ region, endpoint: endpoints.cognitoIdp, ...credentials })),
    identity: track(new CognitoIdentityClient({ region, endpoint: endpoints.cognitoIdentity, ...credentials })),
    s3: track(new S3Client({ region, endpoint: endpoints.s3, forcePathStyle: target.s3ForcePathStyle, ...credentials })),
  };
}

/** The data bucket's URL for key (what a browser on the site would fetch). */
export function bucketUrl(target, key) {
  const bucket = target.outputs.DataBucketName;
  if (target.endpoints.s3) return `${target.endpoints.s3.replace(/\/$/, "")}/${bucket}/${key}`;
  return `https://${bucket}.s3.${target.region}.amazonaws.com/${key}`;
}
