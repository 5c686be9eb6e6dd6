import type { Clock } from "../../domain/clock.ts";
import type { Db } from "../../domain/db/client.ts";
import { AppError } from "../../domain/errors.ts";
import type { Grant, Principal } from "../../domain/policy/policy.ts";
import { devGroupsOf } from "../../domain/user/dev-directory.ts";
import { findUserByAadObjectId, loadPrincipal, registerUser } from "../../domain/user/user.service.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { GraphReader, DirectoryGroup } from "./graph.ts";
import type { GraphTokens } from "./graph-token.ts";
import { grantsFromGroups } from "./groups.ts";
import { bearerToken, verifyAccessToken, type TrustedIssuer, type VerifiedToken } from "./tokens.ts";

const NO_ACCESS = "You are signed in, but you have no Labkeep access: ask your Labkeep administrator to add you to a lab's Labkeep group.";

interface CachedGrants {
  grants: Grant[];
  expiresAt: number;
}

export interface IdentityDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  trusts: readonly TrustedIssuer[];
  graph: GraphReader;
  graphTokens: GraphTokens;
}

/**
 * Who is calling (R-AUTH-ID): validates the bearer token, reads the user's groups (Graph for
 * Entra tokens, DevDirectoryMembership for development tokens), maps them to grants, caches them
 * for AUTH_GROUP_CACHE_SECONDS, registers a mapped newcomer, refuses Disabled users, and unions
 * group grants with in-app grants through `loadPrincipal`.
 */
export class Identity {
  private readonly cache = new Map<string, CachedGrants>();
  private labs: { at: number; byCode: Map<string, number> } | null = null;

  constructor(private readonly deps: IdentityDeps) {}

  async authenticate(authorization: string | undefined): Promise<{ principal: Principal; token: VerifiedToken }> {
    const token = await verifyAccessToken(bearerToken(authorization), this.deps.trusts, this.deps.config.AUTH_CLOCK_SKEW_SECONDS);
    const groupGrants = await this.groupGrants(token.tenantId, token.objectId, () => this.groupsFromToken(token));
    const principal = await this.principalFor(token, groupGrants);
    return { principal, token };
  }

  /** For the bot: a Teams user known by object id, groups read app-only. */
  async principalForAadObjectId(aadObjectId: string, tenantId: string, profile: { upn?: string | null; name?: string | null } = {}): Promise<Principal> {
    const dev = this.deps.trusts.find((t) => t.kind === "dev" && t.tenants.includes(tenantId));
    const groupGrants = await this.groupGrants(tenantId, aadObjectId, () =>
      dev ? devGroupsOf(this.deps.db, aadObjectId) : this.deps.graph.transitiveGroups(this.deps.graphTokens.appOnly(tenantId), aadObjectId),
    );
    return this.principalFor({ objectId: aadObjectId, upn: profile.upn ?? null, name: profile.name ?? null }, groupGrants);
  }

  /** Forget cached memberships (POST /api/me/refresh). */
  forget(tenantId: string, aadObjectId: string): void {
    this.cache.delete(`${tenantId}:${aadObjectId}`);
  }

  private groupsFromToken(token: VerifiedToken): Promise<DirectoryGroup[]> {
    if (token.issuer.kind === "dev") return devGroupsOf(this.deps.db, token.objectId);
    if (token.groups) return Promise.resolve(token.groups.map((id) => ({ id, displayName: null })));
    return this.deps.graph.transitiveGroups(this.deps.graphTokens.onBehalfOf(token.tenantId, token.raw), token.objectId);
  }

  private async groupGrants(tenantId: string, objectId: string, read: () => Promise<DirectoryGroup[]>): Promise<Grant[]> {
    const key = `${tenantId}:${objectId}`;
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now) return cached.grants;
    let groups: DirectoryGroup[];
    try {
      groups = await read();
    } catch (error) {
      if (error instanceof AppError) throw error;
      this.deps.log.warn({ err: error, objectId }, "reading group membership failed");
      throw new AppError("unavailable", "Labkeep cannot read your group membership right now. Please try again shortly.");
    }
    const grants = grantsFromGroups(groups, this.deps.config.AUTH_GROUP_MAP, await this.labIdsByCode());
    if (this.deps.config.AUTH_GROUP_CACHE_SECONDS > 0) {
      this.cache.set(key, { grants, expiresAt: now + this.deps.config.AUTH_GROUP_CACHE_SECONDS * 1000 });
    }
    return grants;
  }

  private async labIdsByCode(): Promise<Map<string, number>> {
    if (this.labs && Date.now() - this.labs.at < 60_000) return this.labs.byCode;
    const labs = await this.deps.db.lab.findMany({ select: { id: true, code: true } });
    this.labs = { at: Date.now(), byCode: new Map(labs.map((lab) => [lab.code.toUpperCase(), lab.id])) };
    return this.labs.byCode;
  }

  private async principalFor(who: { objectId: string; upn: string | null; name: string | null }, groupGrants: Grant[]): Promise<Principal> {
    let user = await findUserByAadObjectId(this.deps.db, who.objectId);
    if (!user) {
      if (groupGrants.length === 0) throw new AppError("forbidden", NO_ACCESS);
      const primaryLabId = groupGrants.find((g) => g.labId !== null)?.labId ?? null;
      user = await registerUser(this.deps.db, this.deps.clock, { aadObjectId: who.objectId, upn: who.upn ?? who.objectId, displayName: who.name ?? who.upn ?? who.objectId, primaryLabId }, "TAB");
    }
    if (user.status === "DISABLED") throw new AppError("user_disabled", "Your Labkeep account is disabled. Ask your lab manager or a Labkeep administrator to enable it.");
    const principal = await loadPrincipal(this.deps.db, user, groupGrants);
    if (principal.grants.length === 0) throw new AppError("forbidden", NO_ACCESS);
    return principal;
  }
}
