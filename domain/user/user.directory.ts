import { z } from "zod";
import { requireRight } from "../access/guard.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../input.ts";

/** Query of `GET /api/directory/users`. */
export const DirectorySearchQuery = z.object({ search: z.string().trim().min(2, "Type at least 2 characters.").max(100) });

/**
 * Entra users to add, for those who may add users somewhere. The directory itself (Microsoft
 * Graph on behalf of the caller, or the demo users in development) is the caller's: the domain
 * decides who may search and what a search term is.
 */
export async function searchDirectory<T>(ctx: ServiceContext, input: unknown, search: (term: string) => Promise<T[]>): Promise<T[]> {
  requireRight(ctx, "user", "create");
  const query = parseInput(DirectorySearchQuery, input);
  return search(query.search);
}
