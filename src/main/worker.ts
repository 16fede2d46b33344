import { startWorker } from '../worker/worker';
import { runMain } from './run-main';

// Temporal's Runtime shuts the worker down on SIGINT/SIGTERM; run() then resolves and the process ends.
runMain('worker', async (config) => {
  const running = await startWorker(config);
  await running.done;
});
