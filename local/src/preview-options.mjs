// The preview's command line (local/preview.mjs): options, defaults, and a
// UsageError naming the option, the value received and the rule.

import path from "node:path";
import { parseArgs } from "node:util";
import { LOCAL } from "./prepare.mjs";

export const USAGE = `Usage: node local/preview.mjs [options]   (make preview PREVIEW_ARGS="options")

  --port N                    the site's port (default 4510); login, issuer, identity pool and S3
                              listen on the next four (4511-4514)
  --data DIR                  where accounts, identity ids and files are kept across restarts
                              (default local/.cache/preview)
  --clean                     start clean: delete DIR's accounts, identities and files first
  --token-minutes N           ID and access token lifetime (default: the template's app client)
  --refresh-token-minutes N   refresh token lifetime: when it ends, the app asks to sign in again
  --credentials-minutes N     identity-pool credentials lifetime (default 60, as Cognito)
  -c, --context KEY=VALUE     a setting (context key, README's Settings table) for this preview,
                              e.g. -c sharing=true (the share service); repeatable; the template
                              is synthesized into local/.cache/synth-preview-<settings>
  --synth                     synthesize again even if local/.cache/synth is up to date
  -v, --verbose               print every S3 authorization, not only denials
  -h, --help                  this text`;

export class UsageError extends Error {}

function fail(message) {
  throw new UsageError(message);
}

/**
 * The -c KEY=VALUE settings as a prepareTemplate variant ({ name, settings }),
 * or undefined when there are none.
 */
function contextVariant(pairs) {
  if (pairs.length === 0) return undefined;
  const settings = {};
  for (const pair of pairs) {
    const m = /^([A-Za-z][\w:.-]*)=(.*)$/.exec(pair);
    if (!m) fail(`--context must be KEY=VALUE, e.g. sharing=true (received: "${pair}")`);
    settings[m[1]] = m[2];
  }
  const name = "preview-" + Object.keys(settings).sort().map((k) => `${k}-${settings[k]}`).join("-").replace(/[^\w.-]+/g, "_");
  return { name, settings };
}

/**
 * Parses the preview's arguments: { port, data (absolute), clean, synth,
 * verbose, help, settings: lifetimes in seconds for startStandIn, variant:
 * the -c settings for prepareTemplate (undefined without) }.
 * Throws UsageError for a bad option or value.
 */
export function previewOptions(argv, env = process.env) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string", default: env.PORT ?? "4510" },
        data: { type: "string", default: path.join(LOCAL, ".cache", "preview") },
        clean: { type: "boolean", default: false },
        "token-minutes": { type: "string" },
        "refresh-token-minutes": { type: "string" },
        "credentials-minutes": { type: "string" },
        context: { type: "string", short: "c", multiple: true, default: [] },
        synth: { type: "boolean", default: false },
        verbose: { type: "boolean", short: "v", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    throw new UsageError(e.message);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1024 || port > 65531) fail(`--port must be a whole number from 1024 to 65531 (received: "${values.port}")`);
  const minutes = (name) => {
    const v = values[name];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!(Number.isFinite(n) && n > 0)) fail(`--${name} must be a number of minutes greater than 0, fractions allowed (received: "${v}")`);
    return Math.max(1, Math.round(n * 60));
  };
  const settings = {};
  const token = minutes("token-minutes");
  if (token) Object.assign(settings, { idTokenTtl: token, accessTokenTtl: token });
  const refresh = minutes("refresh-token-minutes");
  if (refresh) settings.refreshTokenTtl = refresh;
  const credentials = minutes("credentials-minutes");
  if (credentials) settings.credentialsTtl = credentials;
  return { ...values, port, settings, data: path.resolve(values.data), variant: contextVariant(values.context) };
}
