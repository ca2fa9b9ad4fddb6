// The checks that run after the two users are signed in, in order. The
// extension point for settings: a module { setting, enabled(ctx), run(ctx) }
// in SETTING_CHECKS runs when its setting is on in the deployed stack
// (ctx.config, the served config.json, and ctx.target.outputs), with the same
// context as the core checks: ctx.users (email, idToken, identityId, credentials,
// prefix), ctx.clients (s3As(credentials), identity, admin), ctx.browser,
// ctx.clients.fetch (HTTP, counted), ctx.report (one line per check),
// ctx.ledger (record every write, user, upload and share so the cleanup
// removes it). A setting that is on with no
// module registered is a FAIL: the run cannot vouch for it.

import { isolationChecks } from "./isolation.mjs";
import { scanChecks } from "./scan.mjs";
import { shareChecks } from "./share.mjs";
import { settingOn } from "./settings.mjs";

export { settingOn };

/** Always run. */
export const CORE_CHECKS = [{ name: "isolation", run: isolationChecks }];

/** Settings whose features need their own checks, and the module for each (undefined: none yet). */
export const SETTING_CHECKS = {
  sharing: { setting: "sharing", enabled: (ctx) => settingOn(ctx, "sharing"), run: shareChecks },
  malwareScan: { setting: "malwareScan", enabled: (ctx) => settingOn(ctx, "malwareScan"), run: scanChecks },
};

/** Runs the setting modules that apply; FAIL for a setting that is on with no module. */
export async function settingChecks(ctx, registry = SETTING_CHECKS) {
  for (const [setting, mod] of Object.entries(registry)) {
    const on = mod ? mod.enabled(ctx) : settingOn(ctx, setting);
    if (!on) continue;
    if (!mod) {
      ctx.report.fail(`${setting}: checks`, `${setting} is on in this stack but make verify has no checks for it yet`);
      continue;
    }
    await mod.run(ctx);
  }
}
