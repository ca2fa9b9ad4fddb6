// The state of a sharing dialog's form: the fields as typed, their
// problems (lib/shareForm.ts), the service's error, busy, and the share
// once made.

import { useState } from "preact/hooks";
import type { Share, ShareApi } from "../aws/shares";
import type { Checked } from "../lib/shareForm";
import type { Report } from "./useReport";

export function useShareForm<F extends object>(opts: { initial: F; check: (f: F) => Checked; api: ShareApi; context: string; report: Report; onCreated: (s: Share) => void }) {
  const [fields, setFields] = useState<F>(opts.initial);
  const [problems, setProblems] = useState<Partial<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [share, setShare] = useState<Share | null>(null);
  const setField = <K extends keyof F>(k: K, v: F[K]) => {
    setFields((f) => ({ ...f, [k]: v }));
    setProblems((p) => ({ ...p, [k]: undefined }));
  };
  /** The onInput of a text field. */
  const input = (k: keyof F) => (e: { currentTarget: { value: string } }) => setField(k, e.currentTarget.value as F[keyof F]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = opts.check(fields);
    if ("problems" in r) return setProblems(r.problems);
    setBusy(true);
    setError(null);
    try {
      const s = await opts.api.create(r.request);
      setShare(s);
      opts.onCreated(s);
    } catch (err) {
      setError(opts.report(err, opts.context));
    } finally {
      setBusy(false);
    }
  };
  return { fields, setField, input, problems, error, busy, share, submit };
}
