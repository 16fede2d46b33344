// Writes test/support/durations.json (seconds per test file, relative path) from the last run's .data/jest-results*.json.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const runs = ['.data/jest-results.json', '.data/jest-results-alone.json']
  .map((f) => path.join(root, f))
  .filter((f) => fs.existsSync(f))
  .map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
const out = {};
for (const r of runs.flatMap((run) => run.testResults)) {
  const rel = path.relative(root, r.name).split(path.sep).join('/');
  out[rel] = Math.round((r.endTime - r.startTime) / 100) / 10;
}
const sorted = Object.fromEntries(Object.entries(out).sort(([, a], [, b]) => b - a));
fs.writeFileSync(path.join(__dirname, 'durations.json'), JSON.stringify(sorted, null, 2) + '\n');
console.log(`test/support/durations.json: ${Object.keys(sorted).length} files`);
