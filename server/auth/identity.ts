import type { Clock } from "../../domain/clock.ts";
import type { Db } from "../../domain/db/client.ts";
import { AppError } from "../../domain/errors.ts";
import type { AuditSource } from "../../domain/db/generated/enums.ts";
import type { Grant, Principal } from "../../domain/policy/policy.ts";
import { devGroupsOf } from "../../domain/user/dev-directory.ts";
import { grantsFromGroups, labIdsByCode, type DirectoryGroup } from "../../domain/user/groups.ts";
import { resolvePrincipal } from "../../domain/user/principal.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { GraphReader } from "./graph.ts";
import type { GraphTokens } from "./graph-token.ts";
import type { SigningEvidence } from "../../domain/signature/signature.types.ts";
import { signingEvidence } from "./signing.ts";
import { bearerToken, verifyAccessToken, type TrustedIssuer, type VerifiedToken } from "./tokens.ts";

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
 * Entra tokens, DevDirectoryMembership for development tokens), maps them to grants and caches
 * them for AUTH_GROUP_CACHE_SECONDS. The domain's `resolvePrincipal` does the rest (registering
 * a mapped newcomer with the door's source, refusing Disabled users, adding in-app grants).
 */
export class Identity {
  private readonly cache = new Map<string, CachedGrants>();
  private labs: { at: number; byCode: Map<string, number> } | null = null;

  constructor(private readonly deps: IdentityDeps) {}

  async authenticate(authorization: string | undefined): Promise<{ principal: Principal; token: VerifiedToken }> {
    const token = await verifyAccessToken(bearerToken(authorization), this.deps.trusts, this.deps.config.AUTH_CLOCK_SKEW_SECONDS);
    const groupGrants = await this.groupGrants(token.tenantId, token.objectId, () => this.groupsFromToken(token));
    const principal = await this.principalFor({ objectId: token.objectId, upn: token.upn, name: token.name }, groupGrants, "TAB");
    return { principal, token };
  }

  /** R-SIGN: the signing token of a request (X-Labkeep-Signature), verified like the bearer token. */
  signingEvidence(header: string | undefined): Promise<SigningEvidence | null> {
    return signingEvidence(header, this.deps.trusts, { skewSeconds: this.deps.config.AUTH_CLOCK_SKEW_SECONDS, maxAgeSeconds: this.deps.config.SIGNATURE_AUTH_MAX_AGE_SECONDS });
  }

  /** For the bot: a Teams user known by object id, groups read app-only. */
  async principalForAadObjectId(aadObjectId: string, tenantId: string, profile: { upn?: string | null; name?: string | null } = {}): Promise<Principal> {
    const dev = this.deps.trusts.find((t) => t.kind === "dev" && t.tenants.includes(tenantId));
    const groupGrants = await this.groupGrants(tenantId, aadObjectId, () =>
      dev ? devGroupsOf(this.deps.db, aadObjectId) : this.deps.graph.transitiveGroups(this.deps.graphTokens.appOnly(tenantId), aadObjectId),
    );
    return this.principalFor({ objectId: aadObjectId, upn: profile.upn ?? null, name: profile.name ?? null }, groupGrants, "BOT");
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
    this.labs = { at: Date.now(), byCode: await labIdsByCode(this.deps.db) };
    return this.labs.byCode;
  }

  /** `source` is the door: a registration through the bot is audited as BOT, through the tab's API as TAB. */
  private principalFor(who: { objectId: string; upn: string | null; name: string | null }, groupGrants: Grant[], source: AuditSource): Promise<Principal> {
    return resolvePrincipal(this.deps.db, this.deps.clock, { aadObjectId: who.objectId, upn: who.upn, name: who.name, groupGrants, source });
  }
}
