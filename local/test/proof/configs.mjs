// The configurations the proof synthesizes, each with its settings (the
// README's context keys, merged over cdk.json's context) and what the
// oracle needs to know about its access levels.

const GROUPS = [
  { name: "auditors", precedence: 1, rules: [{ path: "private/", permissions: ["get", "list"] }] },
  { name: "editors", precedence: 2 },
];

const everyLevel = {
  protectedPrefix: "protected/",
  publicPrefix: "public/",
  publicWrite: "true",
  allowGuests: "true",
  groups: JSON.stringify(GROUPS),
};

/**
 * name -> { title, settings, levels, sharing }. sharing: the share service is on
 * (its function role is proven by sharecases.mjs). levels mirrors the settings for the
 * oracle (oracle.mjs): ownerKey, private, protected, public, publicWrite,
 * guests, groups { name: [{ path, perms }] }.
 */
export const CONFIGS = [
  {
    name: "defaults",
    title: "defaults (cdk.json only)",
    settings: {},
    levels: { ownerKey: "identityId", private: "private/", protected: "", public: "", publicWrite: false, guests: false, groups: {} },
  },
  {
    name: "levels-identityId",
    title: "every access level and the share service, ownerKey=identityId",
    settings: { ...everyLevel, ownerKey: "identityId", sharing: "true" },
    levels: levelsOf("identityId"),
    sharing: true,
  },
  {
    name: "levels-userPoolSub",
    title: "every access level and the share service, ownerKey=userPoolSub",
    settings: { ...everyLevel, ownerKey: "userPoolSub", sharing: "true" },
    levels: levelsOf("userPoolSub"),
    sharing: true,
  },
  {
    name: "object-lock",
    title: "defaults with objectLockDays=1 (Object Lock, governance mode): a restore needs nothing more",
    settings: { objectLockDays: "1" },
    levels: { ownerKey: "identityId", private: "private/", protected: "", public: "", publicWrite: false, guests: false, groups: {}, objectLock: true },
  },
  {
    name: "public-readonly",
    title: "public read-only (publicWrite off), guests off",
    settings: { publicPrefix: "public/", publicWrite: "false", allowGuests: "false" },
    levels: { ownerKey: "identityId", private: "private/", protected: "", public: "public/", publicWrite: false, guests: false, groups: {} },
  },
  {
    name: "malware-scan",
    title: "every access level with malwareScan (GuardDuty tags, the bucket-policy gate)",
    settings: { ...everyLevel, ownerKey: "identityId", malwareScan: "true" },
    levels: { ...levelsOf("identityId"), malwareScan: true },
  },
];

function levelsOf(ownerKey) {
  const groups = {};
  for (const g of GROUPS) groups[g.name] = (g.rules ?? []).map((r) => ({ path: r.path, perms: r.permissions }));
  return { ownerKey, private: "private/", protected: "protected/", public: "public/", publicWrite: true, guests: true, groups };
}
