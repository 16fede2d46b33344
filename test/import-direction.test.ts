import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The layering rules in eslint.config.mjs, proven on probe files the linter reads as if they sat in the tree. The real
 * ESLint runs in one child process for every probe (jest's module sandbox can't load the ESM config).
 */
const root = path.resolve(__dirname, '..');

const probes = {
  workflowInternals: [
    'src/services/probe.ts',
    "import { runAiTurn } from '../../workflows/conversation/ai-turn';\nexport const x = runAiTurn;\n",
  ],
  workflowMessages: [
    'src/services/probe.ts',
    "import { sendCustomerMessageUpdate } from '../../workflows/conversation/conversation.messages';\n" +
      'export const x = sendCustomerMessageUpdate;\n',
  ],
  clientInServices: [
    'src/services/probe.ts',
    "import { Client } from '@temporalio/client';\nexport const x = Client;\n",
  ],
  clientInActivities: [
    'activities/policy/probe.ts',
    "import { Client } from '@temporalio/client';\nexport const x = Client;\n",
  ],
  clientInGateway: [
    'src/temporal/probe.ts',
    "import { Client } from '@temporalio/client';\nexport const x = Client;\n",
  ],
  domainIo: [
    'domain/policy/probe.ts',
    "import { logger } from '../../src/logger';\nimport { readFileSync } from 'node:fs';\nexport const x = [logger, readFileSync];\n",
  ],
  activityValues: [
    'workflows/conversation/probe.ts',
    "import { createActivities } from '../../activities';\nexport type X = typeof createActivities;\n",
  ],
  activityTypes: [
    'workflows/conversation/probe.ts',
    "import type { createActivities } from '../../activities';\nexport type X = typeof createActivities;\n",
  ],
} satisfies Record<string, [file: string, code: string]>;

/** Each probe's no-restricted-imports messages, from one ESLint run over all of them. */
let restricted: Record<keyof typeof probes, string[]>;

beforeAll(() => {
  const script = `
    const { ESLint } = require('eslint');
    const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = {};
      for (const [name, [filePath, code]] of Object.entries(probes)) {
        const [result] = await eslint.lintText(code, { filePath });
        out[name] = result.messages
          .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
          .map((m) => m.message);
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const run = spawnSync(process.execPath, ['-e', script], {
    cwd: root,
    input: JSON.stringify(probes),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  restricted = JSON.parse(run.stdout);
}, 60_000);

describe('import direction', () => {
  it('lets src/ take only *.messages.ts from workflows/', () => {
    expect(restricted.workflowInternals).toEqual([
      expect.stringContaining('import workflow message definitions (*.messages.ts) only'),
    ]);
    expect(restricted.workflowMessages).toEqual([]);
  });

  it('lets only src/temporal (the gateway) use the Temporal client', () => {
    for (const probe of [restricted.clientInServices, restricted.clientInActivities]) {
      expect(probe).toEqual([expect.stringContaining('only src/temporal talks to')]);
    }
    expect(restricted.clientInGateway).toEqual([]);
  });

  it('keeps domain/ free of I/O and of the rest of the code', () => {
    expect(restricted.domainIo).toHaveLength(2);
  });

  it('lets workflows take only types from activities/', () => {
    expect(restricted.activityValues).toHaveLength(1);
    expect(restricted.activityTypes).toEqual([]);
  });
});
