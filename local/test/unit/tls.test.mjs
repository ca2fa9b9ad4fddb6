// The stand-in's self-signed certificate must be valid DER whatever its
// random serial: a serial starting with a zero byte once made OpenSSL refuse
// the certificate ("asn1 encoding routines::illegal padding"), about one
// start in 512.

import assert from "node:assert/strict";
import crypto from "node:crypto";
import tls from "node:tls";
import { test } from "node:test";

import { integer, selfSignedCertificate } from "../../src/tls.mjs";

test("a DER INTEGER is minimal: leading zero bytes dropped, a zero added before a set high bit", () => {
  assert.deepEqual(integer(Buffer.from([0x00, 0x01, 0x02])), Buffer.from([0x02, 0x02, 0x01, 0x02]));
  assert.deepEqual(integer(Buffer.from([0x00, 0x00, 0x81])), Buffer.from([0x02, 0x02, 0x00, 0x81]));
  assert.deepEqual(integer(Buffer.from([0x81])), Buffer.from([0x02, 0x02, 0x00, 0x81]));
  assert.deepEqual(integer(Buffer.from([0x00])), Buffer.from([0x02, 0x01, 0x00]));
});

for (const [what, first] of [["a zero byte then a low byte", [0x00, 0x05]], ["two zero bytes", [0x00, 0x00]], ["a high bit", [0x80, 0x00]], ["a low byte", [0x12, 0x34]]]) {
  test(`a certificate whose serial starts with ${what} loads in OpenSSL`, () => {
    const serial = Buffer.concat([Buffer.from(first), crypto.randomBytes(14)]);
    const { cert, key } = selfSignedCertificate({ serial });
    const x = new crypto.X509Certificate(cert);
    assert.equal(BigInt("0x" + x.serialNumber), BigInt("0x" + serial.toString("hex")));
    assert.ok(tls.createSecureContext({ cert, key }), "a TLS server can use it");
  });
}
