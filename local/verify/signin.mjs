// Signs a user in the way a person does: open the site (SiteUrl), choose
// Sign in in the app, fill managed login's form, come back signed in. The
// selectors are roles and input names, not styling: managed login (the
// classic hosted UI and managed login v2) names its fields `username` and
// `password` (the local stand-in's page does too); v2 may ask for the
// username first ("Next"), then the password. The ID token is read from
// the token endpoint's answer to the app (the OAuth protocol, not the app's
// storage).

const SIGNED_IN = { role: "button", name: "Upload files" };

/** Resolves with the id_token of the first /oauth2/token answer the page receives. */
function tokenResponse(page) {
  return new Promise((resolve) => {
    page.on("response", async (r) => {
      if (r.request().method() !== "POST" || !new URL(r.url()).pathname.endsWith("/oauth2/token")) return;
      const body = await r.json().catch(() => ({}));
      if (body.id_token) resolve(body.id_token);
    });
  });
}

async function fillManagedLogin(page, email, password, timeout) {
  const username = page.locator('input[name="username"]:visible').first();
  await username.waitFor({ timeout });
  await username.fill(email);
  const pw = page.locator('input[name="password"]:visible').first();
  if (!(await pw.isVisible())) {
    await page.getByRole("button", { name: /^(next|continue)$/i }).first().click();
    await pw.waitFor({ timeout });
  }
  await pw.fill(password);
  await page.getByRole("button", { name: /^(sign in|continue|next)$/i }).first().click();
}

/**
 * Signs in through SiteUrl; returns the ID token. Throws with what the page
 * showed (its alert, its URL) when it does not end signed in.
 */
export async function signInThroughSite(browser, { siteUrl, email, password, ignoreHTTPSErrors = false, timeout = 30000 }) {
  const context = await browser.newContext({ ignoreHTTPSErrors });
  try {
    const page = await context.newPage();
    const token = tokenResponse(page);
    await page.goto(siteUrl);
    await page.getByRole("button", { name: "Sign in" }).first().click({ timeout });
    try {
      await fillManagedLogin(page, email, password, timeout);
      await page.getByRole(SIGNED_IN.role, { name: SIGNED_IN.name }).waitFor({ timeout });
    } catch (e) {
      const alert = await page.getByRole("alert").first().textContent({ timeout: 1000 }).catch(() => "");
      throw new Error(`not signed in at ${page.url()}${alert ? ` (page says: ${alert.trim()})` : ""}: ${e.message.split("\n")[0]}`);
    }
    return await Promise.race([token, new Promise((_, reject) => setTimeout(() => reject(new Error("signed in, but no ID token seen from /oauth2/token")), 5000))]);
  } finally {
    await context.close().catch(() => {});
  }
}
