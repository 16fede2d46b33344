import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** The contract documents itself: graphql-schema-linter's description rules over the committed SDL. */
const DESCRIPTION_RULES = [
  'types-have-descriptions',
  'fields-have-descriptions',
  'arguments-have-descriptions',
  'enum-values-have-descriptions',
  'input-object-values-have-descriptions',
];
const root = path.join(__dirname, '..');
const linter = path.join(root, 'node_modules', 'graphql-schema-linter', 'lib', 'cli.js');

type LintError = { message: string; location: { line: number }; rule: string };

async function lint(file: string): Promise<LintError[]> {
  const args = [linter, '--rules', DESCRIPTION_RULES.join(','), '--format', 'json', file];
  // The linter exits 1 when it finds problems; the JSON report is on stdout either way.
  const out = await promisify(execFile)(process.execPath, args, { cwd: root }).catch(
    (e: { stdout?: string; stderr?: string }) => {
      if (!e.stdout) throw new Error(`graphql-schema-linter failed: ${e.stderr ?? String(e)}`);
      return { stdout: e.stdout };
    },
  );
  return (JSON.parse(out.stdout) as { errors: LintError[] }).errors;
}

it('every type, field, argument, input field and enum value in schema/schema.graphql has a description', async () => {
  const errors = await lint(path.join(root, 'schema', 'schema.graphql'));
  expect(errors.map((e) => `schema.graphql:${e.location.line} ${e.message}`)).toEqual([]);
});

it('the description rules do flag what is undocumented (the check above is not vacuous)', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sdl-docs-')), 'bare.graphql');
  writeFileSync(
    file,
    '"Reads"\ntype Query {\n  "Documented"\n  ok(id: ID): Color\n  bare(input: In): Int\n}\n' +
      '"Colors"\nenum Color {\n  "Red"\n  RED\n  BLUE\n}\ninput In {\n  x: Int\n}\n',
  );
  const flagged = (await lint(file)).map((e) => e.rule).sort();
  expect(flagged).toEqual([
    'arguments-have-descriptions',
    'arguments-have-descriptions',
    'enum-values-have-descriptions',
    'fields-have-descriptions',
    'input-object-values-have-descriptions',
    'types-have-descriptions',
  ]);
});
