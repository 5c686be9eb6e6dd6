import { useCallback, useEffect, useState } from "react";
import { errorText } from "../api/client.ts";

/** Loads data when its inputs change; `reload` after a change. */
export function useLoad<T>(loader: () => Promise<T>, deps: readonly unknown[]): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // `deps` stand for what the loader reads: it is recreated only when they change.
  const load = useCallback(loader, deps);
  const reload = useCallback(() => {
    setError(null);
    load().then(setData, (caught: unknown) => setError(errorText(caught)));
  }, [load]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}

/** Runs a change with a busy flag and an error message; resolves true when it worked. */
export function useSubmit(): { busy: boolean; error: string | null; setError: (error: string | null) => void; run: (action: () => Promise<unknown>) => Promise<boolean> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(errorText(caught));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
