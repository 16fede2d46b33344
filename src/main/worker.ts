import { Runtime } from '@temporalio/worker';
import { sdkLogger } from '../worker/sdk-logger';
import { startWorker } from '../worker/worker';
import { runMain } from './run-main';

// Temporal's Runtime shuts the worker down on SIGINT/SIGTERM; run() then resolves and the process ends.
runMain('worker', async (config) => {
  Runtime.install({ logger: sdkLogger() });
  const running = await startWorker(config);
  await running.done;
  // Drained and closed: exit even if a provider's abandoned request still holds a socket open.
  process.exit(0);
});
