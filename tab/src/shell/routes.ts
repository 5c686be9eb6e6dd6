import { useEffect, useState } from "react";

/**
 * Routes live in the URL hash so the server only serves index.html, and so deep links work in a
 * browser too: `#/maintenance/record/42`, `#/equipment/17`, `#/models/3`, `#/users/5`.
 * In Teams the same targets arrive as the context's subPageId: `record/42`, `equipment/17`.
 */
export type PageName = "mywork" | "maintenance" | "reviews" | "equipment" | "corrective" | "models" | "users" | "audit" | "trail" | "reports" | "labs" | "import" | "config" | "scan";

export interface Route {
  page: PageName;
  /** e.g. ["record", "42"] for the maintenance page, ["17"] for equipment. */
  rest: string[];
}

const PAGES: readonly PageName[] = ["mywork", "maintenance", "reviews", "equipment", "corrective", "models", "users", "audit", "trail", "reports", "labs", "import", "config", "scan"];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const page = PAGES.includes(parts[0] as PageName) ? (parts[0] as PageName) : "maintenance";
  return { page, rest: PAGES.includes(parts[0] as PageName) ? parts.slice(1) : [] };
}

/**
 * Maps a Teams subPageId to a hash route and, for a filtered list, the lab to select:
 * `record:<id>`, `equipment:<id>`, `records:<labId>:<status>` (a `/` works as the separator too).
 */
export function routeFromSubPageId(subPageId: string): { hash: string; labId: number | null } | null {
  const parts = subPageId.trim().split(/[:/]/);
  const [kind, first, second] = parts;
  if (kind === "reviews") return { hash: "#/reviews", labId: null };
  if (kind === "record" && /^\d+$/.test(first ?? "")) return { hash: `#/maintenance/record/${first}`, labId: null };
  if (kind === "equipment" && /^\d+$/.test(first ?? "")) return { hash: `#/equipment/${first}`, labId: null };
  if (kind === "ca" && /^\d+$/.test(first ?? "")) return { hash: `#/corrective/${first}`, labId: null };
  if (kind === "records" && /^\d+$/.test(first ?? "")) {
    const status = ["open", "overdue", "due", "completed"].includes(second ?? "") ? `/status/${second}` : "";
    return { hash: `#/maintenance${status}`, labId: Number(first) };
  }
  return null;
}

export function navigate(hash: string): void {
  if (window.location.hash !== hash) window.location.hash = hash;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}
