import { databaseUrlOf } from '../config';
import { migrate } from '../db/ensure-database';
import { logger } from '../logger';
import { connectTemporal } from '../temporal/client';
import { temporalAnswers } from '../temporal/dev-server';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { runMain } from './run-main';

const log = logger('migrate');

runMain('migrate', async (config) => {
  const applied = await migrate(databaseUrlOf(config));
  log.info(applied.length ? 'migrations applied' : 'database is up to date', { applied });
  if (await temporalAnswers(config.temporal.address)) {
    // Search attributes only: no payloads, so no codec.
    const connection = await connectTemporal(config);
    try {
      const added = await ensureSearchAttributes(connection, config.temporal.namespace);
      log.info('search attributes ready', { added });
    } finally {
      await connection.close();
    }
  } else {
    log.warn('Temporal does not answer; the worker registers the search attributes when it starts', {
      address: config.temporal.address,
    });
  }
});
