import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

/** How the conversation workflow calls its activities: one place for timeouts and retry policies. */
// The acknowledgement path: a local activity answers in milliseconds inside the update's workflow task. It retries
// until the database answers (business rejections are non-retryable and fail at once): a failed store would complete
// the Update with a failure that Temporal then returns for that update id on every resend, poisoning the client's
// message id. The caller hears UNAVAILABLE after the gateway's deadline and resends; the resend attaches here.
export const store = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '2s' },
});
// Writes the main loop depends on: a database outage delays the conversation, it never fails it.
export const durableStore = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s' },
});
export const context = proxyActivities<Activities>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '500ms', maximumInterval: '5s', maximumAttempts: 3 },
});
// Bounded: a customer hears within a minute that a person will follow when the AI cannot answer.
export const ai = proxyActivities<Activities>({
  startToCloseTimeout: '20s',
  scheduleToCloseTimeout: '55s',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '8s', maximumAttempts: 3 },
});
// Notifications never block a conversation: few attempts, failures are logged and skipped.
export const notify = proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumAttempts: 3 },
});
// Reply emails: an SMTP server may be slow or briefly down; a few spaced attempts, then the email is given up.
export const email = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
});
