/**
 * A server response type as the tab receives it: JSON turns every Date into an ISO string.
 * The tab imports the domain's own response types (type-only, so nothing of the server enters
 * the bundle) through this instead of restating them.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;
