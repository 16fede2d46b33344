import { startApi } from '../api/bootstrap';
import { onShutdown, runMain } from './run-main';

runMain('api', async (config) => {
  const api = await startApi(config);
  onShutdown(() => api.close());
});
