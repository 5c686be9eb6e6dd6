import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded.ts";

let embedded: EmbeddedPostgres;
before(async () => {
  embedded = await startEmbeddedPostgres();
});
after(async () => {
  await embedded?.close();
});

test("parameterised queries from several connections at once each get their own answer", async () => {
  const clients = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const client = new pg.Client({ connectionString: embedded.url });
      await client.connect();
      return client;
    }),
  );
  try {
    // Each query is Parse/Bind/Execute/Sync on the wire; another connection's messages must not
    // land between them.
    const runs = clients.map(async (client, c) => {
      for (let i = 0; i < 60; i++) {
        const tag = `${c}-${i}`;
        const sql = c % 2 === 0 ? "SELECT $1::text AS tag, $2::int AS n" : "SELECT $2::int AS n, $1::text AS tag, 'x' AS other";
        const result = await client.query(sql, [tag, i]);
        assert.equal(result.rows[0].tag, tag);
        assert.equal(result.rows[0].n, i);
      }
    });
    await Promise.all(runs);
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
});

test("a transaction keeps the database to itself until it ends", async () => {
  const a = new pg.Client({ connectionString: embedded.url });
  const b = new pg.Client({ connectionString: embedded.url });
  await Promise.all([a.connect(), b.connect()]);
  try {
    await a.query("CREATE TABLE t (v int)");
    await a.query("BEGIN");
    await a.query("INSERT INTO t VALUES (1)");
    let bDone = false;
    const bRead = b.query("SELECT count(*)::int AS n FROM t").then((r) => {
      bDone = true;
      return r.rows[0].n as number;
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(bDone, false, "the other connection waits for the open transaction");
    await a.query("COMMIT");
    assert.equal(await bRead, 1);
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
});
