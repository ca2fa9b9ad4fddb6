// report(e, context): the message for an error, or null when the session
// ended (then onSessionExpired() sends the user to sign in again).

import { useCallback } from "preact/hooks";
import { describeError } from "../lib/errors";

export type Report = (e: unknown, context: string) => string | null;

export function useReport(onSessionExpired: () => void): Report {
  return useCallback(
    (e: unknown, context: string): string | null => {
      const d = describeError(e, context);
      if (d.reauth) {
        onSessionExpired();
        return null;
      }
      return d.message;
    },
    [onSessionExpired],
  );
}
