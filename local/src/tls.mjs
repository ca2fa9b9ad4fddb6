// TLS for the stand-in's endpoints, for clients that only speak https:
// Amplify JS builds `https://${oauth.domain}/oauth2/...` and
// `https://${customEndpoint}` for S3, with no way to say http. A
// self-signed certificate (EC P-256, made here with node:crypto: no
// openssl, no dependency) for localhost, *.localhost and 127.0.0.1, and a
// server that speaks plain http and https on the same port (it looks at the
// first byte: 0x16 opens a TLS handshake), so every URL the web app already
// uses keeps working and https://<same host:port> works too.

import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import path from "node:path";

// ---- a little DER, enough for one certificate
const len = (n) => (n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]));
const tlv = (tag, ...parts) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
};
const seq = (...p) => tlv(0x30, ...p);
const set = (...p) => tlv(0x31, ...p);
function oid(dotted) {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const bytes = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
const utf8 = (s) => tlv(0x0c, Buffer.from(s, "utf8"));
/** A non-negative DER INTEGER, minimal as DER requires: leading zero bytes dropped, one added when the high bit is set. */
export function integer(buf) {
  let i = 0;
  while (i < buf.length - 1 && buf[i] === 0) i++;
  const v = buf.subarray(i);
  return tlv(0x02, v[0] & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}
const utcTime = (d) => tlv(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z"));
const explicit = (n, ...p) => tlv(0xa0 + n, ...p);
const octets = (...p) => tlv(0x04, ...p);

const ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"));

/** The names the certificate covers: loopback by name and address, and every *.localhost (virtual-hosted S3 buckets). */
export const TLS_NAMES = ["localhost", "*.localhost", "127.0.0.1"];

/**
 * A self-signed certificate and its key (PEM) for TLS_NAMES, valid from a
 * day ago for `days`. Browsers do not trust it: tests pass
 * ignoreHTTPSErrors, a person accepts it once per host in the browser.
 * serial: the serial number's bytes (random; a test may fix them).
 */
export function selfSignedCertificate({ days = 825, commonName = "privatefolders local stand-in", serial = crypto.randomBytes(16) } = {}) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const name = seq(set(seq(oid("2.5.4.3"), utf8(commonName))));
  const now = Date.now();
  const altNames = seq(
    ...TLS_NAMES.map((n) => (net.isIP(n) ? tlv(0x87, Buffer.from(n.split(".").map(Number))) : tlv(0x82, Buffer.from(n, "ascii")))),
  );
  const extensions = explicit(
    3,
    seq(
      seq(oid("2.5.29.19"), octets(seq())), // basicConstraints: not a CA
      seq(oid("2.5.29.17"), octets(altNames)), // subjectAltName
      seq(oid("2.5.29.37"), octets(seq(oid("1.3.6.1.5.5.7.3.1")))), // extKeyUsage: serverAuth
    ),
  );
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ECDSA_SHA256,
    name,
    seq(utcTime(new Date(now - 86400e3)), utcTime(new Date(now + days * 86400e3))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    extensions,
  );
  const signature = crypto.sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  const der = seq(tbs, ECDSA_SHA256, tlv(0x03, Buffer.from([0]), signature));
  const cert = `-----BEGIN CERTIFICATE-----\n${der.toString("base64").match(/.{1,64}/g).join("\n")}\n-----END CERTIFICATE-----\n`;
  return { cert, key: privateKey.export({ type: "pkcs8", format: "pem" }) };
}

/**
 * The certificate kept in dir (tls-cert.pem, tls-key.pem), made when
 * missing or expiring within a week, so a browser's exception for it lasts
 * across preview runs.
 */
export function certificateIn(dir) {
  const certFile = path.join(dir, "tls-cert.pem");
  const keyFile = path.join(dir, "tls-key.pem");
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    try {
      const cert = fs.readFileSync(certFile, "utf8");
      if (new Date(new crypto.X509Certificate(cert).validTo).getTime() > Date.now() + 7 * 86400e3) return { cert, key: fs.readFileSync(keyFile, "utf8") };
    } catch {
      // unreadable: make a new one
    }
  }
  const made = selfSignedCertificate();
  fs.writeFileSync(keyFile, made.key, { mode: 0o600 });
  fs.writeFileSync(certFile, made.cert);
  return made;
}

/**
 * A server for `handler` that answers plain http and https on one port.
 * Returns a net.Server (listen/address/close as usual) with
 * closeAllConnections().
 */
export function createDualServer(handler, { cert, key }) {
  const plain = http.createServer(handler);
  const secure = https.createServer({ cert, key }, handler);
  for (const s of [plain, secure]) s.keepAliveTimeout = 5000;
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.once("data", (first) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === 0x16 ? secure : plain).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });
  server.closeAllConnections = () => {
    for (const s of sockets) s.destroy();
  };
  /** The two HTTP servers behind the port: a test may watch their "request" events. */
  server.httpServers = [plain, secure];
  return server;
}
