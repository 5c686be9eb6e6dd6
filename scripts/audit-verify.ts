// Walks the audit chain; exits 1 at the first altered or missing event.
import { verifyAuditChain } from "../domain/audit/audit.service.ts";
import { openDatabase } from "../domain/db/open.ts";
import { loadConfig } from "../server/config.ts";
import { runScript } from "./run.ts";

runScript(async () => {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 2 });
  try {
    const result = await verifyAuditChain(db.prisma);
    if (result.ok) {
      console.log(`Audit chain verified: ${result.checked} events, no alteration found.`);
      return 0;
    }
    console.error(`Audit chain BROKEN at event ${result.failure!.seq}: ${result.failure!.problem}. ${result.checked} events before it verified.`);
    return 1;
  } finally {
    await db.close();
  }
});
