// The stand-in's malware scanner, playing GuardDuty Malware Protection for
// S3 when the template has an AWS::GuardDuty::MalwareProtectionPlan: a
// short while after each new object version of the protected bucket
// (delayMs, default 1.5 s) it adds the tag GuardDutyMalwareScanStatus to
// that version, as GuardDuty does:
//
//   THREATS_FOUND     the bytes hold the EICAR anti-virus test string
//   UNSUPPORTED       the version is larger than maxBytes (default 100 MiB;
//                     GuardDuty's own limit is far larger, see README.md)
//   NO_THREATS_FOUND  otherwise
//
// Until then the version is untagged and the template's bucket policy
// keeps its content unreadable. A version deleted before its turn is
// skipped; a restart forgets the pending scans (such a file stays
// unscanned, like one uploaded before the setting was turned on).

export const SCAN_TAG = "GuardDutyMalwareScanStatus";
export const DEFAULT_SCAN_DELAY_MS = 1500;
export const DEFAULT_SCAN_MAX_BYTES = 100 * 1024 * 1024;

/** The EICAR anti-virus test string, built from two halves so that this file is not itself flagged by a virus scanner. */
export const EICAR_TEST_STRING = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
const EICAR = Buffer.from(EICAR_TEST_STRING, "latin1");

/** The bucket names the template's malware protection plans protect. */
export function protectedBuckets(model) {
  const r = model.resolver;
  return r.ofType("AWS::GuardDuty::MalwareProtectionPlan").map((id) => r.properties(id).ProtectedResource?.S3Bucket?.BucketName).filter(Boolean);
}

/** The verdict for a version's bytes. */
export function verdict(body, maxBytes = DEFAULT_SCAN_MAX_BYTES) {
  if (body.length > maxBytes) return "UNSUPPORTED";
  return body.includes(EICAR) ? "THREATS_FOUND" : "NO_THREATS_FOUND";
}

/**
 * Scans new versions of the buckets in `buckets`. Returns { onNewVersion,
 * idle() (resolves once no scan is pending), stop() }.
 */
export function createScanner(store, buckets, { delayMs = DEFAULT_SCAN_DELAY_MS, maxBytes = DEFAULT_SCAN_MAX_BYTES, log = () => {} } = {}) {
  const pending = new Set();
  let waiters = [];
  const settle = () => {
    if (pending.size) return;
    for (const w of waiters) w();
    waiters = [];
  };
  const scan = (bucket, version) => {
    let current;
    try {
      current = store.getVersion(bucket, version.key, version.versionId ?? "null");
    } catch {
      return; // deleted for good before its turn
    }
    const status = verdict(current.body, maxBytes);
    store.setTags(bucket, current.key, version.versionId ?? "null", { ...(current.tags ?? {}), [SCAN_TAG]: status });
    log(`scanned ${bucket}/${current.key} (${current.versionId}): ${status}`);
  };
  return {
    onNewVersion(bucket, version) {
      if (!buckets.includes(bucket) || version.deleteMarker) return;
      const t = setTimeout(() => {
        pending.delete(t);
        try {
          scan(bucket, version);
        } finally {
          settle();
        }
      }, delayMs);
      pending.add(t);
    },
    idle() {
      return pending.size ? new Promise((resolve) => waiters.push(resolve)) : Promise.resolve();
    },
    stop() {
      for (const t of pending) clearTimeout(t);
      pending.clear();
      settle();
    },
  };
}
