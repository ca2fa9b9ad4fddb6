// Local user pool accounts: email + password (scrypt), a stable sub, groups.
// Kept in memory, and in a JSON file when one is given.

import crypto from "node:crypto";
import fs from "node:fs";

/** The user pool's password policy, from the template's AWS::Cognito::UserPool. */
export function passwordPolicyFrom(userPoolProps) {
  const p = userPoolProps?.Policies?.PasswordPolicy ?? {};
  return {
    minLength: p.MinimumLength ?? 8,
    lower: p.RequireLowercase ?? true,
    upper: p.RequireUppercase ?? true,
    digit: p.RequireNumbers ?? true,
    symbol: p.RequireSymbols ?? true,
  };
}

/** Cognito's wording for each unmet rule; empty when the password is fine. */
export function passwordProblems(pw, policy) {
  const out = [];
  if (pw.length < policy.minLength) out.push(`Password must have at least ${policy.minLength} characters`);
  if (policy.lower && !/[a-z]/.test(pw)) out.push("Password must have lowercase characters");
  if (policy.upper && !/[A-Z]/.test(pw)) out.push("Password must have uppercase characters");
  if (policy.digit && !/[0-9]/.test(pw)) out.push("Password must have numeric characters");
  if (policy.symbol && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(pw)) out.push("Password must have symbol characters");
  return out;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class UserStore {
  constructor(file) {
    this.file = file;
    this.users = new Map();
    if (file && fs.existsSync(file)) {
      for (const u of JSON.parse(fs.readFileSync(file, "utf8"))) this.users.set(u.email, u);
    }
  }

  save() {
    if (this.file) fs.writeFileSync(this.file, JSON.stringify([...this.users.values()], null, 2));
  }

  static normalize(email) {
    return String(email ?? "").trim().toLowerCase();
  }

  static hash(password, salt = crypto.randomBytes(16).toString("base64")) {
    return { salt, hash: crypto.scryptSync(password, salt, 32).toString("base64") };
  }

  /** Creates a confirmed user. Throws Error with Cognito's message on a bad email, taken email or weak password. */
  create(email, password, policy, groups = []) {
    const e = UserStore.normalize(email);
    if (!EMAIL_RE.test(e)) throw new Error("Invalid email address format.");
    if (this.users.has(e)) throw new Error("An account with the given email already exists.");
    const problems = passwordProblems(password ?? "", policy);
    if (problems.length) throw new Error(`Password did not conform with policy: ${problems[0]}`);
    const { salt, hash } = UserStore.hash(password);
    const u = { sub: crypto.randomUUID(), email: e, salt, hash, groups, createdAt: new Date().toISOString() };
    this.users.set(e, u);
    this.save();
    return u;
  }

  /**
   * AdminCreateUser: a user with a temporary password (status
   * FORCE_CHANGE_PASSWORD until AdminSetUserPassword makes one permanent).
   * Throws Error with Cognito's message, its `name` Cognito's exception.
   */
  adminCreate(email, temporaryPassword, policy) {
    if (this.users.has(UserStore.normalize(email))) throw Object.assign(new Error("User account already exists"), { name: "UsernameExistsException" });
    let u;
    try {
      u = this.create(email, temporaryPassword, policy);
    } catch (e) {
      throw Object.assign(e, { name: /Password/.test(e.message) ? "InvalidPasswordException" : "InvalidParameterException" });
    }
    u.status = "FORCE_CHANGE_PASSWORD";
    this.save();
    return u;
  }

  /** AdminSetUserPassword: permanent makes the user CONFIRMED. */
  adminSetPassword(email, password, permanent, policy) {
    try {
      this.setPassword(email, password, policy);
    } catch (e) {
      throw Object.assign(e, { name: /Password/.test(e.message) ? "InvalidPasswordException" : "UserNotFoundException" });
    }
    const u = this.byEmail(email);
    u.status = permanent ? "CONFIRMED" : "FORCE_CHANGE_PASSWORD";
    this.save();
    return u;
  }

  /** Removes a user; false when there was none. */
  delete(email) {
    const ok = this.users.delete(UserStore.normalize(email));
    if (ok) this.save();
    return ok;
  }

  /** The user if the password is right, else null. */
  authenticate(email, password) {
    const u = this.users.get(UserStore.normalize(email));
    if (!u) return null;
    const { hash } = UserStore.hash(password ?? "", u.salt);
    return crypto.timingSafeEqual(Buffer.from(hash), Buffer.from(u.hash)) ? u : null;
  }

  setPassword(email, password, policy) {
    const u = this.users.get(UserStore.normalize(email));
    if (!u) throw new Error("Username/client id combination not found.");
    const problems = passwordProblems(password ?? "", policy);
    if (problems.length) throw new Error(`Password does not conform to policy: ${problems[0]}`);
    Object.assign(u, UserStore.hash(password));
    this.save();
  }

  bySub(sub) {
    for (const u of this.users.values()) if (u.sub === sub) return u;
    return undefined;
  }

  byEmail(email) {
    return this.users.get(UserStore.normalize(email));
  }
}
