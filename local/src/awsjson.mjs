// AWS's JSON protocol (application/x-amz-json-1.1, POST / with
// X-Amz-Target: <Service>.<Operation>), as the Cognito identity pool and
// user pool APIs speak it: errors as {"__type", "message"} with
// x-amzn-ErrorType, a request id, and CORS for the app client's origins.

import crypto from "node:crypto";
import { SigV4Error, verify } from "./sigv4.mjs";

/** An error the service answers with: __type, message, HTTP status. */
export class ServiceError extends Error {
  constructor(type, message, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

async function readJson(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  req.rawBody = Buffer.concat(chunks); // for operations that verify a SigV4 signature over it
  try {
    return JSON.parse(req.rawBody.toString("utf8") || "{}");
  } catch {
    throw new ServiceError("SerializationException", "Start of structure or map found where not expected.");
  }
}

/**
 * A request handler for `service` (the X-Amz-Target prefix, e.g.
 * "AWSCognitoIdentityService") answering ops[Operation](body, req), with
 * CORS for `allowedOrigins` (a list, or a function returning one).
 * `next(req, res)`, when given, gets every request that is not a POST to /;
 * `otherOperation(op)`, when given, answers operations not in `ops`.
 */
export function jsonService(service, ops, { allowedOrigins, name = service, next, otherOperation } = {}) {
  const origins = typeof allowedOrigins === "function" ? allowedOrigins : () => allowedOrigins ?? [];
  return async function awsJson(req, res) {
    const origin = req.headers.origin;
    const isApiCall = req.url === "/" || req.url.startsWith("/?");
    if (next && !isApiCall) return next(req, res);
    const cors = {};
    if (origin && origins().includes(origin)) {
      cors["access-control-allow-origin"] = origin;
      cors["access-control-expose-headers"] = "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date";
      cors.vary = "Origin";
    }
    if (req.method === "OPTIONS") {
      res.writeHead(cors["access-control-allow-origin"] ? 200 : 403, {
        ...cors,
        "access-control-allow-methods": "POST, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "content-type, x-amz-target",
        "access-control-max-age": "172800",
        "content-length": "0",
      });
      return res.end();
    }
    const requestId = crypto.randomUUID();
    const reply = (status, obj, extra = {}) => {
      const body = Buffer.from(JSON.stringify(obj));
      res.writeHead(status, { ...cors, "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId, "content-length": String(body.length), ...extra });
      res.end(body);
    };
    const fail = (e) => reply(e.status, { __type: e.type, message: e.message }, { "x-amzn-errortype": `${e.type}:` });
    try {
      if (req.method !== "POST" || !isApiCall) throw new ServiceError("UnknownOperationException", "", 404);
      const target = req.headers["x-amz-target"] ?? "";
      const [svc, op] = target.split(".");
      const known = Object.hasOwn(ops, op);
      if (svc !== service || !op || (!known && !otherOperation)) throw new ServiceError("UnknownOperationException", `Unknown operation ${target}`);
      if (!/^application\/x-amz-json-1\.[01]/.test(req.headers["content-type"] ?? "")) {
        throw new ServiceError("SerializationException", "Content-Type must be application/x-amz-json-1.1");
      }
      const body = await readJson(req);
      reply(200, await (known ? ops[op](body, req) : otherOperation(op, body)));
    } catch (e) {
      if (e instanceof ServiceError) return fail(e);
      console.error(`[${name}] internal error`, e);
      fail(new ServiceError("InternalErrorException", "Internal error", 500));
    }
  };
}

/**
 * Checks that an operation is SigV4-signed (for `service`, over the raw
 * body) with an operator key of lookupCredentials (a record with operator:
 * true), as IAM-authorized admin APIs are. Throws the service's errors:
 * MissingAuthenticationTokenException (unsigned), InvalidSignatureException,
 * UnrecognizedClientException (unknown key), AccessDeniedException (not the
 * operator).
 */
export function requireOperator(req, { region, service, lookupCredentials, action, resource }) {
  if (!req.headers.authorization) throw new ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token");
  let auth;
  try {
    auth = verify(
      { method: req.method, rawPath: req.url.split("?")[0], rawQuery: "", rawHeaders: req.rawHeaders },
      { region, service, lookup: lookupCredentials, payloadHash: crypto.createHash("sha256").update(req.rawBody ?? "").digest("hex") },
    );
  } catch (e) {
    if (!(e instanceof SigV4Error)) throw e;
    throw new ServiceError(e.code === "SignatureDoesNotMatch" ? "InvalidSignatureException" : "UnrecognizedClientException", e.message);
  }
  if (!auth.credentials.operator) {
    throw new ServiceError("AccessDeniedException", `User: ${auth.credentials.roleArn ?? auth.accessKeyId} is not authorized to perform: ${action} on resource: ${resource}`);
  }
}
