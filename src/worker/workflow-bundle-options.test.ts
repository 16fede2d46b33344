import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PRELOADED_WORKFLOW_MODULES } from './workflow-bundle-options';

const ROOT = path.resolve(__dirname, '..', '..');
/** Modules that keep a run's state at module level: shared by every workflow, they would mix runs up. */
const PER_RUN = ['workflows/conversation/activity-proxies'];

/** Our modules `module` imports at run time (type-only imports are erased), transitively. */
function reachable(module: string, seen = new Set<string>()): Set<string> {
  if (seen.has(module)) return seen;
  seen.add(module);
  const source = readFileSync(path.join(ROOT, `${module}.ts`), 'utf8');
  for (const m of source.matchAll(/^(?:import|export)(?!\s+type\b)[^;]*?from\s+'(\.[^']+)'/gms)) {
    const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(module), m[1]));
    const file = existsSync(path.join(ROOT, `${target}.ts`)) ? target : path.join(target, 'index');
    reachable(file, seen);
  }
  return seen;
}

describe('the workflow modules every cached conversation shares', () => {
  const ours = PRELOADED_WORKFLOW_MODULES.filter((m) => !m.startsWith('@'));

  it('are files of ours', () => {
    for (const m of ours) expect(existsSync(path.join(ROOT, `${m}.ts`))).toBe(true);
  });

  it('never reach a module that keeps the state of a run', () => {
    for (const m of ours) {
      const shared = [...reachable(m)];
      expect({ module: m, perRun: shared.filter((s) => PER_RUN.includes(s)) }).toEqual({ module: m, perRun: [] });
    }
  });

  it('would catch a module that does', () => {
    expect([...reachable('workflows/conversation/conversation-run')]).toContain(PER_RUN[0]);
  });
});
