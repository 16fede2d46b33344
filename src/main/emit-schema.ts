import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSupportSchema } from '../../schema/build-schema';
import { printSupportSchema } from '../../schema/print';
import { repoRoot } from '../paths';
import { runMain } from './run-main';

runMain('schema:emit', async () => {
  const file = path.join(repoRoot(), 'schema', 'schema.graphql');
  writeFileSync(file, printSupportSchema(await buildSupportSchema()));
  process.stdout.write(`wrote ${file}\n`);
});
