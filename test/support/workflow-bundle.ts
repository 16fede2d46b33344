import { existsSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowBundlerOptions } from '../../src/worker/workflow-bundle-options';
import { testRunFile } from './env';

const ROOT = path.resolve(__dirname, '..', '..');
/** What workflow code may import of ours (STYLE.md: workflows import only domain/ and their own folders). */
const WORKFLOW_SOURCES = ['workflows', 'domain'].map((d) => path.join(ROOT, d));
const BUILT = path.join(ROOT, 'dist', 'workflow-bundle.js');

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The workflow code for the workflow-level tests, bundled once per test run. `npm test` builds first, and the
 * bundle the build wrote is used when it is newer than every workflow source; otherwise (a workflow edited since,
 * a test file run on its own) the first test file to ask bundles the sources into this run's directory and every
 * later one reuses that file.
 */
export async function workflowBundle(): Promise<{ codePath: string }> {
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs > Math.max(...WORKFLOW_SOURCES.map(newestMtime))) {
    return { codePath: BUILT };
  }
  const codePath = testRunFile('workflow-bundle.js');
  if (!existsSync(codePath)) {
    // As the build bundles it (the shared modules preloaded): the tests run the code the worker runs.
    const { code } = await bundleWorkflowCode({ ...workflowBundlerOptions(), logger: new DefaultLogger('WARN') });
    // Written aside and renamed: a test file running beside this one never reads half a bundle.
    const tmp = `${codePath}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, codePath);
  }
  return { codePath };
}
