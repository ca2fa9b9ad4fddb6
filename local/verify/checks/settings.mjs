// Whether a setting is on in the deployed stack (pure; checks/index.mjs and the modules use it).

/**
 * Is a setting on in the deployed stack? Its key in config.json (a boolean,
 * as `malwareScan`, or an object with `enabled`, as `sharing`), or an
 * output named after it.
 */
export function settingOn(ctx, setting) {
  const v = ctx.config?.[setting];
  if (v !== null && typeof v === "object" ? v.enabled !== false : Boolean(v)) return true;
  const prefix = setting[0].toUpperCase() + setting.slice(1);
  return Object.keys(ctx.target?.outputs ?? {}).some((k) => k.startsWith(prefix));
}
