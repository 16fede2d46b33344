import 'reflect-metadata';
import { ConfigError, loadConfig, type AppConfig } from '../config';
import { useDeploymentLexicon } from '../ai/lexicon-file';
import { setLogLevel } from '../logger';

/** Entrypoint wrapper: validated config, one clear line (and exit 1) for a bad setting or a failed start. */
export function runMain(name: string, main: (config: AppConfig) => Promise<void>): void {
  let config: AppConfig;
  try {
    config = loadConfig();
    try {
      useDeploymentLexicon(config);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ConfigError(`configuration: the deployment lexicon (AI_LEXICON_FILE) cannot be used: ${reason}`);
    }
  } catch (err) {
    process.stderr.write(`${name}: ${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  setLogLevel(config.logLevel);
  main(config).catch((err) => {
    process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

export function onShutdown(handler: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    handler()
      .then(() => process.exit(0))
      .catch((err) => {
        process.stderr.write(`shutdown after ${signal} failed: ${String(err)}\n`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
