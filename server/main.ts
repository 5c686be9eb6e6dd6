import type { AddressInfo } from "node:net";
import { systemClock } from "../domain/clock.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { EXTENSIONS } from "./extensions.ts";
import { createLogger } from "./logger.ts";
import { createScheduler, registerAuditCheckpointJob, registerGenerationJobs, writeAuditCheckpoint } from "./scheduler/index.ts";
import { seedIfEmpty } from "./seed.ts";
import { buildServices, instanceId } from "./start.ts";

/**
 * `npm start`: config → logger → database (embedded under ./data unless DATABASE_URL) →
 * migrations → demo data when empty (not in production) → routes, tab, health → bot →
 * scheduler → listen on PORT → graceful shutdown on SIGINT / SIGTERM.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config);
  const services = await buildServices(config, log);
  const db = services.database.prisma;
  if (config.NODE_ENV !== "production") await seedIfEmpty(db, systemClock, log);

  const scheduler = createScheduler({ db, clock: systemClock, instanceId: instanceId(), logger: log.child({ component: "scheduler" }) });
  await registerGenerationJobs(scheduler, db, systemClock);
  const auditLog = log.child({ component: "audit" });
  registerAuditCheckpointJob(scheduler, db, { file: config.AUDIT_CHECKPOINT_PATH, cron: config.AUDIT_CHECKPOINT_CRON, logger: auditLog });
  const server = services.app.server;
  const stops: (() => Promise<void>)[] = [];
  for (const extension of EXTENSIONS) {
    const stop = await extension({ server, config, log, db, clock: systemClock, identity: services.identity, scheduler });
    if (stop) stops.push(stop);
  }
  await scheduler.start();

  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  const port = (server.server.address() as AddressInfo).port;
  log.info({ port, url: `http://localhost:${port}` }, `Labkeep is listening on port ${port}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: no new connections, finishing requests and jobs");
    const force = setTimeout(() => {
      log.warn("in-flight requests did not finish in time; closing their connections");
      server.server.closeAllConnections();
    }, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    force.unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.server.closeIdleConnections();
    await closed;
    await scheduler.stop();
    for (const stop of stops) await stop().catch((error: unknown) => log.error({ err: error }, "extension stop failed"));
    // The last word on the chain before this instance goes (R-TRAIL).
    await writeAuditCheckpoint(db, config.AUDIT_CHECKPOINT_PATH, systemClock.now(), auditLog).catch((error: unknown) => auditLog.error({ err: error }, "audit checkpoint at shutdown failed"));
    await services.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
