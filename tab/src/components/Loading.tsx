import { Spinner } from "@fluentui/react-components";

/** Shown beside a list while its answer is on its way; the label says what is loading. */
export function Loading({ loading, what }: { loading: boolean; what: string }) {
  return loading ? <Spinner size="tiny" labelPosition="after" label={`Loading ${what}…`} data-testid="list-loading" /> : null;
}
