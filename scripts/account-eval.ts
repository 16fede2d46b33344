/**
 * Prints the account-status figures: `npm run eval:account`. The same run as test/account-answers.test.ts, for a
 * person (or the one evaluation command) to read; exits non-zero when any question is neither answered right nor
 * handed off honestly.
 */
import { formatAccountReport, runAccountEval } from '../test/support/account-eval';

runAccountEval()
  .then((report) => {
    console.log(formatAccountReport(report));
    process.exitCode = report.failures.length ? 1 : 0;
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
