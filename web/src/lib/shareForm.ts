// The Share and file-drop dialogs' fields, checked before anything is sent,
// with the share service's limits (docs/sharing-api.md). Pure.

import type { NewShare } from "../aws/shares";

export const MAX_DAYS = 30;
export const MAX_RECIPIENTS = 20;
export const MAX_DOWNLOADS = 10000;
export const PASSWORD_LENGTH = { min: 8, max: 128 };
/** The largest file a drop may accept (5 GiB), and what one accepts by default (100 MiB), in MiB. */
export const DROP_MAX_MIB = 5 * 1024;
export const DROP_DEFAULT_MIB = 100;

/** The Share dialog's fields, as typed. */
export interface LinkFields {
  days: string;
  password: string;
  maxDownloads: string;
  recipients: string;
}

/** The file-drop dialog's fields, as typed. */
export interface DropFields {
  days: string;
  maxMiB: string;
  signedInOnly: boolean;
}

/** The request, or the problems by field (each a sentence naming the field, the value and the rule). */
export type Checked = { request: NewShare } | { problems: Partial<Record<string, string>> };

const EMAIL_RE = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
}

function days(text: string, problems: Record<string, string>): number {
  const n = wholeNumber(text, 1, MAX_DAYS);
  if (n === null) problems.days = `Expiry must be a whole number of days from 1 to ${MAX_DAYS} (you typed “${text}”).`;
  return n ?? 0;
}

/** The addresses typed, split on commas, semicolons, spaces and new lines, without repeats (case-insensitive). */
export function splitRecipients(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    if (part && !seen.has(part.toLowerCase())) {
      seen.add(part.toLowerCase());
      out.push(part);
    }
  }
  return out;
}

/** Checks the Share dialog; key is the file's or folder's full key. */
export function checkLink(key: string, f: LinkFields): Checked {
  const problems: Record<string, string> = {};
  const request: NewShare = { kind: "link", key, expiresInDays: days(f.days, problems) };
  if (f.password !== "") {
    if (f.password.length < PASSWORD_LENGTH.min || f.password.length > PASSWORD_LENGTH.max) {
      problems.password = `A password must be ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters long (yours has ${f.password.length}).`;
    }
    request.password = f.password;
  }
  if (f.maxDownloads.trim() !== "") {
    const n = wholeNumber(f.maxDownloads, 1, MAX_DOWNLOADS);
    if (n === null) problems.maxDownloads = `The download limit must be a whole number from 1 to ${MAX_DOWNLOADS} (you typed “${f.maxDownloads}”), or empty for no limit.`;
    else request.maxDownloads = n;
  }
  const recipients = splitRecipients(f.recipients);
  const bad = recipients.filter((r) => !EMAIL_RE.test(r));
  if (bad.length) problems.recipients = `Not an email address: ${bad.map((b) => `“${b}”`).join(", ")}.`;
  else if (recipients.length > MAX_RECIPIENTS) problems.recipients = `At most ${MAX_RECIPIENTS} people (you named ${recipients.length}).`;
  if (recipients.length) request.recipients = recipients;
  return Object.keys(problems).length ? { problems } : { request };
}

/** Checks the file-drop dialog. */
export function checkDrop(f: DropFields): Checked {
  const problems: Record<string, string> = {};
  const request: NewShare = { kind: "drop", expiresInDays: days(f.days, problems), signedInOnly: f.signedInOnly };
  const mib = wholeNumber(f.maxMiB, 1, DROP_MAX_MIB);
  if (mib === null) problems.maxMiB = `The largest file must be a whole number of MiB from 1 to ${DROP_MAX_MIB} (you typed “${f.maxMiB}”).`;
  else request.maxBytes = mib * 1024 * 1024;
  return Object.keys(problems).length ? { problems } : { request };
}
