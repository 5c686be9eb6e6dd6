import pg from "pg";
import type { Db, DbOrTx, Prisma } from "./client.ts";

/** The pg pool under each Prisma client that createPrismaClient built (the adapter's own pool). */
const pools = new WeakMap<object, pg.Pool>();

export function registerPool(db: Db, pool: pg.Pool): void {
  pools.set(db, pool);
}

const DATE_OID = 1082;
/**
 * Rows read straight from pg come back as Prisma's $queryRaw gives them: a DATE is that day at UTC
 * midnight (pg's default would read it in the process's local zone), timestamptz a Date, int4 a number.
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === DATE_OID && format !== "binary" ? (value: string) => new Date(`${value}T00:00:00.000Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A read for a hot list (the maintenance list under load): sent straight through the pool that the
 * Prisma client itself uses, same SQL, same parameters. Prisma's raw-query path (parameter mapping,
 * row conversion, its request pipeline) was the largest share of the list's CPU in `bench:api`.
 * Inside a transaction, or on a client without a registered pool (an extended client), it is
 * `$queryRaw` as before, so callers need not care which path ran.
 */
export async function readRows<T>(db: DbOrTx, query: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) return (db as Db).$queryRaw<T[]>(query);
  const result = await pool.query({ text: query.text, values: query.values as unknown[], types });
  return result.rows as T[];
}
