// Signs the audit chain's head now: appends the checkpoint to AUDIT_CHECKPOINT_PATH and prints
// it, to be kept wherever else you like (docs/compliance.md). Refuses when the chain does not verify.
import { recordCheckpoint } from "../domain/audit/checkpoint.ts";
import { useAuditKeys } from "../domain/audit/keys.ts";
import { openDatabase } from "../domain/db/open.ts";
import { loadConfig } from "../server/config.ts";
import { runScript } from "./run.ts";

runScript(async () => {
  const config = loadConfig();
  useAuditKeys(config.auditKeyring);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 2 });
  try {
    const checkpoint = await recordCheckpoint(db.prisma, config.AUDIT_CHECKPOINT_PATH, new Date());
    if (!checkpoint) {
      console.log("The audit trail is empty: nothing to sign.");
      return 0;
    }
    console.log(JSON.stringify(checkpoint));
    console.error(`Appended to ${config.AUDIT_CHECKPOINT_PATH}.`);
    return 0;
  } finally {
    await db.close();
  }
});
