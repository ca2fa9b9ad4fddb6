// Which bucket and key an S3 request names, as S3 reads it: path-style
// (http://127.0.0.1:<port>/<bucket>/<key>, what the web app and the AWS SDK
// with forcePathStyle send) or virtual-hosted-style (the bucket is the
// first label of the Host: https://<bucket>.localhost:<port>/<key>, what
// Amplify JS sends to a `customEndpoint`; browsers resolve every
// *.localhost name to loopback). The signature covers the path as sent, so
// only the addressing changes, never the signed path.

function decode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * { bucket, key, style } of a request. `hostSuffixes` are the endpoint's
 * host names under which a first label is a bucket (default: localhost).
 * bucket is undefined for the service root, key for the bucket itself.
 */
export function s3Address(rawPath, hostHeader = "", hostSuffixes = ["localhost"]) {
  const hostname = hostHeader.replace(/:\d+$/, "").toLowerCase();
  const suffix = hostSuffixes.find((s) => hostname.endsWith(`.${s}`));
  const segs = rawPath.split("/");
  let bucket, key;
  if (suffix) {
    bucket = hostname.slice(0, -(suffix.length + 1));
    key = segs.length > 1 ? decode(segs.slice(1).join("/")) : undefined;
  } else {
    bucket = segs[1] ? decode(segs[1]) : undefined;
    key = segs.length > 2 ? decode(segs.slice(2).join("/")) : undefined;
  }
  if (bucket === undefined) key = undefined;
  return { bucket, key: key === "" ? undefined : key, style: suffix ? "virtual-hosted" : "path" };
}
