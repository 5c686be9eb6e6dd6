import { isAppError } from "../domain/errors.ts";
import { ConfigError } from "../server/config.ts";

/**
 * Runs a command-line script: prints a clear message on failure and always exits, so that a
 * lingering connection pool never keeps a finished command alive.
 */
export function runScript(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      if (error instanceof ConfigError || isAppError(error)) console.error(error.message);
      else console.error(error);
      process.exit(1);
    },
  );
}
