import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { repoRoot } from '../paths';
import { workflowBundlerOptions } from '../worker/workflow-bundle-options';

/** Prebundles the workflow code at build time so workers start fast (Temporal's "production" pattern). */
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ ...workflowBundlerOptions(), logger: new DefaultLogger('WARN') });
  const out = path.join(repoRoot(), 'dist', 'workflow-bundle.js');
  writeFileSync(out, code);
  process.stdout.write(`workflow bundle: ${path.relative(repoRoot(), out)} (${Math.round(code.length / 1024)} KiB)\n`);
}

main().catch((err) => {
  process.stderr.write(`bundle-workflows: ${String(err)}\n`);
  process.exit(1);
});
