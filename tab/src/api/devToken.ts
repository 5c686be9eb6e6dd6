/**
 * Why the server refused a development token. The API answers every bad token with the same 401
 * (the reason goes to its log only), but the tab can read the token's own expiry: a token still in
 * date was signed with a key the server no longer has, and the server makes a new key at each start.
 */
export function devTokenRejection(token: string, nowMs: number): string {
  const expiresAt = expiryOf(token);
  if (expiresAt !== null && expiresAt <= nowMs) return "Your development sign-in expired; pick your user again.";
  return "Your development sign-in expired because the server restarted; pick your user again.";
}

/** The `exp` claim in milliseconds, or null for a token that cannot be read. */
function expiryOf(token: string): number | null {
  try {
    const payload = token.split(".")[1] ?? "";
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}
