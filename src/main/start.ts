import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { databaseUrlOf } from '../config';
import { migrate } from '../db/ensure-database';
import { portAnswers, startEmbeddedPostgres, type EmbeddedDb } from '../db/embedded';
import { createDataSource } from '../db/data-source';
import { logger } from '../logger';
import { repoRoot } from '../paths';
import { defaultSeedDir, seedDemoData } from '../services/seed';
import { provisionTemporalCli, startDevServer, temporalAnswers, type DevServer } from '../temporal/dev-server';
import { onShutdown, runMain } from './run-main';

const log = logger('start');

/**
 * `npm start`: everything on embedded defaults. Uses a Temporal and a PostgreSQL that already answer, else starts
 * the Temporal CLI's dev server and an embedded PostgreSQL under .data/; then migrates, seeds, and runs the worker
 * and the API as child processes. SIGTERM stops all it started.
 */
runMain('start', async (config) => {
  const dataDir = path.resolve(repoRoot(), config.dataDir);
  const started: { temporal?: DevServer; db?: EmbeddedDb; children: ChildProcess[] } = { children: [] };
  const stopAll = async () => {
    log.info('stopping');
    await Promise.all(
      started.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
    await started.temporal?.stop();
    await started.db?.stop();
  };
  onShutdown(stopAll);

  let temporalAddress = config.temporal.address;
  if (!(await temporalAnswers(temporalAddress))) {
    const [host, port] = temporalAddress.split(':');
    if (!['localhost', '127.0.0.1'].includes(host))
      throw new Error(`TEMPORAL_ADDRESS ${temporalAddress} does not answer`);
    log.info('starting the Temporal dev server', { port });
    started.temporal = await startDevServer({
      cliPath: provisionTemporalCli(config.temporal.cliPath),
      port: Number(port),
      uiPort: config.temporal.uiPort,
      dbFile: path.join(dataDir, 'temporal.db'),
      namespaces: [config.temporal.namespace],
      // The Web UI shows payloads decrypted through the API's codec endpoint (this machine only, or an admin token).
      uiCodecEndpoint: `http://localhost:${config.api.port}/codec`,
    });
    temporalAddress = started.temporal.address;
  }

  let databaseUrl = databaseUrlOf(config);
  if (!config.databaseUrl && !(await portAnswers(5432))) {
    log.info('no PostgreSQL on localhost:5432; starting an embedded one', { dir: path.join(dataDir, 'pg') });
    started.db = await startEmbeddedPostgres(dataDir);
    databaseUrl = started.db.url;
  }

  await migrate(databaseUrl);
  const ds = createDataSource(databaseUrl, { poolSize: 2 });
  await ds.initialize();
  await seedDemoData(ds, defaultSeedDir(config.seedDataDir));
  await ds.destroy();

  const env = { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress };
  for (const name of ['worker', 'api']) {
    const child = spawn(process.execPath, [path.join(__dirname, `${name}.js`)], { env, stdio: 'inherit' });
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal === null) {
        log.error(`${name} exited`, { code });
        void stopAll().then(() => process.exit(1));
      }
    });
    started.children.push(child);
  }
  const graphql = `http://localhost:${config.api.port}/graphql`;
  for (let i = 0; i < 120 && !(await portAnswers(config.api.port)); i++) await new Promise((r) => setTimeout(r, 500));
  process.stdout.write(
    [
      '',
      `  GraphQL (HTTP and WebSocket): ${graphql}`,
      `  Health:                       http://localhost:${config.api.port}/healthz`,
      `  Agent console:                http://localhost:${config.api.port}/console/` +
        (config.console.devSignIn ? ' (development sign-in)' : ''),
      `  Metrics (Prometheus):         http://localhost:${config.api.port}/metrics` +
        (config.limits.metricsToken ? ' (API, bearer METRICS_TOKEN)' : ' (API: set METRICS_TOKEN)') +
        (config.worker.metricsPort ? `, http://localhost:${config.worker.metricsPort}/metrics (worker)` : ''),
      started.temporal?.uiUrl
        ? `  Temporal UI:                  ${started.temporal.uiUrl}`
        : `  Temporal:                     ${temporalAddress}`,
      `  A customer token:             npm run token -- --role customer --sub cus-01`,
      ...(config.env === 'production'
        ? []
        : [`  Widget demo (a host page):    http://localhost:${config.api.port}/demo`]),
      '',
    ].join('\n') + '\n',
  );
});
