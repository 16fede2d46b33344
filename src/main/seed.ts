import { databaseUrlOf } from '../config';
import { createDataSource } from '../db/data-source';
import { logger } from '../logger';
import { defaultSeedDir, seedDemoData } from '../services/seed';
import { runMain } from './run-main';

runMain('seed', async (config) => {
  const ds = createDataSource(databaseUrlOf(config), { poolSize: 2, applicationName: 'support-seed' });
  await ds.initialize();
  try {
    const dir = defaultSeedDir(config.seedDataDir);
    const counts = await seedDemoData(ds, dir);
    logger('seed').info('demo data loaded', { from: dir, ...counts });
  } finally {
    await ds.destroy();
  }
});
