// Walks the audit chain and checks it against the signed checkpoints (docs/compliance.md);
// exits 1 at the first altered, forged or missing event, or at a checkpoint that cannot be trusted.
import { readCheckpoints } from "../domain/audit/checkpoint.ts";
import { useAuditKeys } from "../domain/audit/keys.ts";
import { verifyAuditChain } from "../domain/audit/verify.ts";
import { openDatabase } from "../domain/db/open.ts";
import { loadConfig } from "../server/config.ts";
import { runScript } from "./run.ts";

runScript(async () => {
  const config = loadConfig();
  useAuditKeys(config.auditKeyring);
  const file = await readCheckpoints(config.AUDIT_CHECKPOINT_PATH);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 2 });
  try {
    const result = await verifyAuditChain(db.prisma, { checkpoints: file.checkpoints });
    for (const problem of file.problems) console.error(`Checkpoint file ${config.AUDIT_CHECKPOINT_PATH}, ${problem}.`);
    if (!file.exists) console.warn(`No checkpoint file at ${config.AUDIT_CHECKPOINT_PATH}: only the chain was checked (a removed tail cannot be seen without checkpoints).`);
    if (!result.ok) {
      console.error(`Audit chain BROKEN at event ${result.failure!.seq}: ${result.failure!.problem}. ${result.checked} events before it verified.`);
      return 1;
    }
    console.log(`Audit chain verified: ${result.checked} events, ${file.checkpoints.length} checkpoint(s), no alteration found.`);
    return file.problems.length > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
});
