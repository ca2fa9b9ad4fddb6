// Breadcrumbs for a prefix inside the user's own folder. Pure.

export interface Crumb {
  /** Text to show (as text, never as HTML). */
  label: string;
  /** The prefix this crumb navigates to (ends in "/"). */
  prefix: string;
  /** True for the last crumb (the current folder). */
  current: boolean;
}

/**
 * Builds [home, seg1, seg1/seg2, ...] for `prefix`, which must lie in `home`.
 * A prefix outside home yields just the home crumb. Empty segments (keys
 * like "a//b" written by other tools) are labelled "(empty name)".
 */
export function buildBreadcrumbs(prefix: string, home: string, rootLabel = "My files"): Crumb[] {
  const crumbs: Crumb[] = [{ label: rootLabel, prefix: home, current: false }];
  if (prefix.startsWith(home) && prefix.length > home.length) {
    const rel = prefix.slice(home.length);
    const segs = (rel.endsWith("/") ? rel.slice(0, -1) : rel).split("/");
    let acc = home;
    for (const s of segs) {
      acc += s + "/";
      crumbs.push({ label: s === "" ? "(empty name)" : s, prefix: acc, current: false });
    }
  }
  crumbs[crumbs.length - 1]!.current = true;
  return crumbs;
}
