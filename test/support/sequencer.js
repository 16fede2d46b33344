const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * The same order on every machine: longest files first by the durations committed in test/support/durations.json
 * (written by `node test/support/durations.js` from a run's .data/jest-results.json), files it does not know by size.
 * Jest's own order comes from its local cache (and runs last run's failures first), so a clean CI clone ran the
 * files in another order, and beside other neighbours, than the machine that last ran the suite.
 */
const durations = require('./durations.json');
const root = path.resolve(__dirname, '../..');

class FixedOrder extends Sequencer {
  sort(tests) {
    const known = (t) => durations[path.relative(root, t.path).split(path.sep).join('/')];
    const size = (t) => t.context.hasteFS.getSize(t.path) ?? 0;
    return [...tests].sort((a, b) => {
      const da = known(a);
      const db = known(b);
      if ((da === undefined) !== (db === undefined)) return da === undefined ? 1 : -1;
      if (da !== undefined && da !== db) return db - da;
      return size(b) - size(a) || (a.path < b.path ? -1 : 1);
    });
  }
}

module.exports = FixedOrder;
