// malwareScan: reads of a new version are refused until GuardDuty has
// tagged it clean (the bucket policy's DenyUnscannedReads). The core
// checks wait for the scan before reading; this module proves the gate:
// a clean file becomes readable, the EICAR test string (harmless by
// design) never does.

import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { EICAR_TEST_STRING as EICAR } from "../../src/scanner.mjs"; // the anti-virus test file: harmless, detected by every scanner
import { settingOn } from "./settings.mjs";



/** How long a read waits for the scan (GuardDuty: seconds to a few minutes). */
export const SCAN_WAIT_MS = 5 * 60 * 1000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs read() and, with malwareScan on, retries it while it is refused with
 * AccessDenied (not scanned yet), up to waitMs. Returns read()'s answer.
 */
export async function afterScan(ctx, read, waitMs = ctx.scanWaitMs ?? SCAN_WAIT_MS) {
  if (!settingOn(ctx, "malwareScan")) return read();
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await read();
    } catch (e) {
      const refused = e.name === "AccessDenied" || e.$metadata?.httpStatusCode === 403; // a HEAD's 403 has no body to name it
      if (!refused || Date.now() > deadline) throw e;
      await sleep(1000);
    }
  }
}

/** The gate: a clean file is readable once scanned; the EICAR string is still refused after that. */
export async function scanChecks(ctx) {
  const [a] = ctx.users;
  const bucket = ctx.target.outputs.DataBucketName;
  const s3 = ctx.clients.s3As(a.credentials);
  const base = `${a.prefix}verify-${ctx.runId}/scan/`;
  const put = async (Key, Body) => ctx.ledger.wrote(Key, await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body })));
  const read = (Key) => s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
  try {
    await put(`${base}clean.txt`, "a clean file\n");
    await put(`${base}eicar.com.txt`, EICAR);
    await afterScan(ctx, () => read(`${base}clean.txt`));
    ctx.report.pass("malwareScan: a clean upload is readable once scanned", `${base}clean.txt`);
  } catch (e) {
    ctx.report.fail("malwareScan: a clean upload is readable once scanned", `${e.name}: ${e.message}`);
    return;
  }
  try {
    await sleep(3000); // the EICAR file went up with the clean one: give its scan the same time and a little more
    await read(`${base}eicar.com.txt`);
    ctx.report.fail("malwareScan: the EICAR test file is never readable", "readable, expected AccessDenied");
  } catch (e) {
    if (e.name === "AccessDenied") ctx.report.pass("malwareScan: the EICAR test file is never readable", "AccessDenied");
    else ctx.report.fail("malwareScan: the EICAR test file is never readable", `${e.name}: ${e.message}, expected AccessDenied`);
  }
}
