/**
 * What a Labkeep link or a typed term points at, read without I/O so the bot (link unfurling,
 * search), the tab (the Scan screen) and the API share one reading. Links Labkeep writes:
 * - Teams deep links into the tab (bot/cards/links.ts):
 *   https://teams.microsoft.com/l/entity/<appId>/<entityId>?context={"subEntityId":"record:42"}
 *   with `record:<id>`, `equipment:<id>` or `records:<labId>:<status>`;
 * - the tab's own URLs: https://<tab host>/#/maintenance/record/42, #/equipment/17,
 *   #/maintenance/status/overdue?lab=3 (the hash routes of tab/src/shell/routes.ts).
 * Anything else is a term: an asset tag, a record number (BOS-000123) or free text.
 */

export type LinkTarget =
  | { kind: "record"; id: number }
  | { kind: "equipment"; id: number }
  | { kind: "list"; labId: number | null; status: "open" | "overdue" | "due" | "completed" | null };

const MAX_ID = 2_147_483_647;
const STATUSES = ["open", "overdue", "due", "completed"] as const;

function id(text: string | undefined): number | null {
  if (!text || !/^[1-9]\d{0,9}$/.test(text)) return null;
  const n = Number(text);
  return n <= MAX_ID ? n : null;
}

function status(text: string | undefined): (typeof STATUSES)[number] | null {
  return STATUSES.find((s) => s === text) ?? null;
}

/** A subPageId (`record:42`, `equipment/17`, `records:3:overdue`) as a target. */
export function targetOfSubPageId(subPageId: string): LinkTarget | null {
  const [kind, first, second] = subPageId.trim().split(/[:/]/);
  if (kind === "record" && id(first)) return { kind: "record", id: id(first)! };
  if (kind === "equipment" && id(first)) return { kind: "equipment", id: id(first)! };
  if (kind === "records") return { kind: "list", labId: id(first), status: status(second) };
  return null;
}

/** A tab hash route (`#/maintenance/record/42`, `#/equipment/17`, `#/maintenance/status/due`) as a target. */
function targetOfHash(hash: string, search: URLSearchParams): LinkTarget | null {
  const parts = hash.replace(/^#\/?/, "").split(/[/?]/).filter(Boolean);
  const [page, a, b] = parts;
  if (page === "maintenance" && a === "record" && id(b)) return { kind: "record", id: id(b)! };
  if (page === "equipment" && id(a)) return { kind: "equipment", id: id(a)! };
  if (page === "maintenance") return { kind: "list", labId: id(search.get("lab") ?? undefined), status: a === "status" ? status(b) : null };
  return null;
}

/**
 * The target of a Labkeep link, or null when `text` is not one. A Teams deep link counts only
 * when it names this app (`teamsAppId`): another app's entity is not ours to read.
 */
export function parseLabkeepLink(text: string, teamsAppId: string): LinkTarget | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const entity = /^\/l\/entity\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
  if (url.hostname === "teams.microsoft.com" && entity) {
    if (decodeURIComponent(entity[1]!).toLowerCase() !== teamsAppId.toLowerCase()) return null;
    try {
      const context = JSON.parse(url.searchParams.get("context") ?? "{}") as { subEntityId?: unknown };
      return typeof context.subEntityId === "string" ? targetOfSubPageId(context.subEntityId) : null;
    } catch {
      return null;
    }
  }
  if (!url.hash) return null;
  return targetOfHash(decodeURIComponent(url.hash), url.searchParams);
}

/** `BOS-000123` or `bos-123` as a lab code and number. */
export function parseRecordNumber(text: string): { labCode: string; number: number } | null {
  const match = /^([A-Za-z0-9]{2,10})-0*(\d{1,9})$/.exec(text.trim());
  return match ? { labCode: match[1]!.toUpperCase(), number: Number(match[2]) } : null;
}
