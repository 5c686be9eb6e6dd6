import { useState } from "react";
import { QueryClient, keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorText } from "../api/client.ts";

/**
 * The tab's one query cache. Answers are filed under their query key, so a slow answer to an earlier
 * search lands in that search's entry and never replaces what the newer search shows.
 * No retries: a failure shows at once with its own Retry button.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** True while an answer for the current inputs is on its way (also when older data is still shown). */
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data for `key` and its inputs `deps` (which must be everything the loader reads); `reload`
 * after a change refetches every cached answer under `key`. While new inputs load, the previous
 * answer stays on screen beside a loading flag, so tables do not flicker away.
 */
export function useLoad<T>(key: string, loader: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const client = useQueryClient();
  const query = useQuery({ queryKey: [key, ...deps], queryFn: loader, placeholderData: keepPreviousData });
  return {
    data: query.data ?? null,
    error: query.error ? errorText(query.error) : null,
    loading: query.isFetching,
    reload: () => void client.invalidateQueries({ queryKey: [key] }),
  };
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
