import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The layering rules in eslint.config.mjs, proven on probe files the linter reads (from stdin) as if they sat in the
 * tree. The real CLI runs: jest's module sandbox can't load the ESM config.
 */
const root = path.resolve(__dirname, '..');

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'),
      '--stdin',
      '--stdin-filename',
      file,
      '--format',
      'json',
    ],
    { cwd: root, input: code, encoding: 'utf8' },
  );
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('import direction', () => {
  it('lets src/ take only *.messages.ts from workflows/', async () => {
    const bad = await restrictedImports(
      'src/services/probe.ts',
      "import { runAiTurn } from '../../workflows/conversation/ai-turn';\nexport const x = runAiTurn;\n",
    );
    expect(bad).toEqual([expect.stringContaining('import workflow message definitions (*.messages.ts) only')]);
    const ok = await restrictedImports(
      'src/services/probe.ts',
      "import { sendCustomerMessageUpdate } from '../../workflows/conversation/conversation.messages';\n" +
        'export const x = sendCustomerMessageUpdate;\n',
    );
    expect(ok).toEqual([]);
  });

  it('lets only src/temporal (the gateway) use the Temporal client', async () => {
    const code = "import { Client } from '@temporalio/client';\nexport const x = Client;\n";
    for (const file of ['src/services/probe.ts', 'activities/policy/probe.ts']) {
      expect(await restrictedImports(file, code)).toEqual([expect.stringContaining('only src/temporal talks to')]);
    }
    expect(await restrictedImports('src/temporal/probe.ts', code)).toEqual([]);
  });

  it('keeps domain/ free of I/O and of the rest of the code', async () => {
    const bad = await restrictedImports(
      'domain/policy/probe.ts',
      "import { logger } from '../../src/logger';\nimport { readFileSync } from 'node:fs';\nexport const x = [logger, readFileSync];\n",
    );
    expect(bad).toHaveLength(2);
  });

  it('lets workflows take only types from activities/', async () => {
    const code = (kind: string) =>
      `import ${kind}{ createActivities } from '../../activities';\nexport type X = typeof createActivities;\n`;
    expect(await restrictedImports('workflows/conversation/probe.ts', code(''))).toHaveLength(1);
    expect(await restrictedImports('workflows/conversation/probe.ts', code('type '))).toEqual([]);
  });
});
