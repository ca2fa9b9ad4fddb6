// A throwaway user's password: random, and meeting any Cognito password
// policy (the stack's is in amplify_outputs.json auth.password_policy).

import crypto from "node:crypto";

const SETS = ["abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "!#%+-=_"];

/** A password of max(policy min_length, 24) characters with every character class Cognito can require. */
export function throwawayPassword(policy = {}, random = crypto.randomInt) {
  const length = Math.max(24, policy.min_length ?? 0);
  const all = SETS.join("");
  const chars = SETS.map((s) => s[random(s.length)]);
  while (chars.length < length) chars.push(all[random(all.length)]);
  // Shuffle so the classes are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}

/** A unique, undeliverable address for a throwaway user (.invalid never resolves, RFC 2606). */
export function throwawayEmail(runId, who) {
  return `verify-${runId}-${who}@verify.invalid`;
}
