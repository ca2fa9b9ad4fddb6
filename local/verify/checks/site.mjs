// The site: its security headers, the configuration files it serves
// (matching the stack outputs), and the data bucket's CORS (the site's
// origin answered, another refused).

import { amplifyProblems, configProblems, headerProblems } from "../outputs.mjs";
import { bucketUrl } from "../target.mjs";

/** An origin no stack allows: .invalid never resolves (RFC 2606). */
export const FOREIGN_ORIGIN = "https://verify.invalid";

const verdict = (ctx, name, problems, detail) => (problems.length ? ctx.report.fail(name, problems.join("; ")) : ctx.report.pass(name, detail));

async function fetchJson(url) {
  const res = await fetch(url, { redirect: "follow" });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

/** A CORS preflight as a browser on `origin` sends it before a PUT of a file. */
export function preflight(url, origin) {
  return fetch(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "PUT", "access-control-request-headers": "content-type,x-amz-checksum-crc32" },
  });
}

/** Headers, config.json, amplify_outputs.json; sets ctx.config and ctx.amplify for the checks after. */
export async function siteChecks(ctx) {
  const { outputs } = ctx.target;
  const site = outputs.SiteUrl;
  try {
    const res = await fetch(site);
    verdict(ctx, "site: security headers (CSP, HSTS, frame denial)", res.ok ? headerProblems(res.headers) : [`${site} answered ${res.status}`], site);
  } catch (e) {
    ctx.report.fail("site: security headers (CSP, HSTS, frame denial)", `${site}: ${e.message}`);
  }
  try {
    ctx.config = await fetchJson(new URL("config.json", site));
    ctx.ownerPrefix = ctx.config.ownerPrefix ?? ctx.ownerPrefix;
    verdict(ctx, "site: config.json matches the stack outputs", configProblems(ctx.config, outputs), "region, user pool, client, identity pool, bucket");
  } catch (e) {
    ctx.report.fail("site: config.json matches the stack outputs", e.message);
  }
  try {
    ctx.amplify = await fetchJson(new URL("amplify_outputs.json", site));
    verdict(ctx, "site: amplify_outputs.json matches the stack outputs", amplifyProblems(ctx.amplify, outputs), "auth and storage ids");
  } catch (e) {
    ctx.report.fail("site: amplify_outputs.json matches the stack outputs", e.message);
  }
  await corsChecks(ctx);
}

/** The data bucket answers the site's origin and refuses another. */
export async function corsChecks(ctx) {
  const url = bucketUrl(ctx.target, `${ctx.ownerPrefix}cors-check`);
  const origin = new URL(ctx.target.outputs.SiteUrl).origin;
  try {
    const res = await preflight(url, origin);
    const allowed = res.headers.get("access-control-allow-origin");
    verdict(ctx, "data bucket CORS: answers the site's origin", res.status === 200 && allowed === origin ? [] : [`preflight from ${origin} answered ${res.status}, Access-Control-Allow-Origin ${JSON.stringify(allowed)}`], origin);
  } catch (e) {
    ctx.report.fail("data bucket CORS: answers the site's origin", e.message);
  }
  try {
    const res = await preflight(url, FOREIGN_ORIGIN);
    const allowed = res.headers.get("access-control-allow-origin");
    verdict(ctx, "data bucket CORS: refuses another origin", res.status === 403 && !allowed ? [] : [`preflight from ${FOREIGN_ORIGIN} answered ${res.status}, Access-Control-Allow-Origin ${JSON.stringify(allowed)}`], `${FOREIGN_ORIGIN}: 403`);
  } catch (e) {
    ctx.report.fail("data bucket CORS: refuses another origin", e.message);
  }
}
