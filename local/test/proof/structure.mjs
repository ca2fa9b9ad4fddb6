// Structural cases: which roles a caller can get, so that the evaluated
// roles are all the roles there are, and what is attached to them.

export function structuralCases(w) {
  const L = w.levels;
  const out = [];
  const check = (rule, ok, detail) => out.push({ rule, ok: !!ok, detail });
  const tested = new Set(w.principals().map((p) => p.role.logicalId));

  check("the identity pool's authenticated role exists and is evaluated", w.authenticatedRole, w.authenticatedRole?.logicalId);
  check(
    "every role a Cognito identity can assume is evaluated (authenticated, guest, group roles)",
    w.cognitoRoles.every((r) => tested.has(r.logicalId)) && w.cognitoRoles.length === tested.size,
    `trusted by cognito-identity: ${w.cognitoRoles.map((r) => r.logicalId).join(", ")}`,
  );
  const mapped = Object.values(w.attachment.RoleMappings ?? {}).flatMap((m) => (m.RulesConfiguration?.Rules ?? []).map((r) => r.RoleARN));
  check("no role-mapping rule sends a caller to an unevaluated role", mapped.every((arn) => [...w.model.roles.values()].some((r) => r.arn === arn && tested.has(r.logicalId))), `${mapped.length} rule(s)`);

  if (L.guests) {
    check("guests on: the identity pool allows unauthenticated identities", w.identityPool.AllowUnauthenticatedIdentities === true, "");
    check("guests on: the unauthenticated role is attached", w.unauthenticatedRole, w.unauthenticatedRole?.logicalId);
  } else {
    check("guests off: the identity pool issues no guest credentials", w.identityPool.AllowUnauthenticatedIdentities !== true, `AllowUnauthenticatedIdentities=${w.identityPool.AllowUnauthenticatedIdentities}`);
    check(
      "guests off: the unauthenticated role, if the pool has one, has no policy (evaluated as guest below: nothing allowed)",
      !w.unauthenticatedRole || w.unauthenticatedRole.policies.length === 0,
      w.unauthenticatedRole ? `${w.unauthenticatedRole.logicalId}: ${w.unauthenticatedRole.policies.map((p) => p.name).join(", ") || "no policies"}` : "none attached",
    );
  }

  const groups = Object.keys(L.groups);
  check(`groups: exactly the configured groups have roles (${groups.join(", ") || "none"})`, [...w.groupRoles.keys()].sort().join() === groups.sort().join(), [...w.groupRoles.keys()].join(", "));
  const ownerPolicies = w.authenticatedRole.policies.map((p) => p.name);
  for (const [g, { role }] of w.groupRoles) {
    check(`groups: group ${g} has its own role, not the authenticated one`, role.logicalId !== w.authenticatedRole.logicalId, role.logicalId);
    check(`groups: group ${g}'s role carries every policy of the authenticated role (members keep their folder)`, ownerPolicies.every((n) => role.policies.some((p) => p.name === n)), ownerPolicies.join(", "));
  }
  for (const p of w.principals()) {
    check(`${p.label}: the role's policies are all defined in the template (nothing unevaluated)`, p.role.unknownManagedPolicies.length === 0, p.role.policies.map((x) => x.name).join(", "));
  }
  check("the data bucket has a bucket policy (it is evaluated with every request)", w.buckets.data.policy, w.buckets.data.name);
  check("the data bucket is versioned (deletes leave versions, which nobody may delete)", w.buckets.data.versioning, "");
  if (L.objectLock) {
    check("object lock: the data bucket has Object Lock with a governance-mode default retention", w.buckets.data.objectLock?.mode === "GOVERNANCE" && w.buckets.data.objectLock.days > 0, JSON.stringify(w.buckets.data.objectLock));
  }
  return out;
}
