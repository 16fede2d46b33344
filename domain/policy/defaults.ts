/**
 * What a policy or a conversation falls back to when the document leaves a value out. Every default the workflow,
 * the rules and the services use lives here, not in the code that uses it.
 */

/** A frustration score at or above this escalates, unless the policy sets `frustration.threshold`. */
export const DEFAULT_FRUSTRATION_THRESHOLD = 0.5;
/** How long after resolution a customer message reopens the conversation, unless the policy says otherwise. */
export const DEFAULT_REOPEN_WINDOW_SECONDS = 7 * 24 * 3600;
/** An AI-only conversation with no customer turn for this long is resolved by the AI. */
export const DEFAULT_AI_RESOLVED_AFTER_INACTIVITY_SECONDS = 24 * 3600;
/** A claimed conversation with no agent message for this long goes back to the queue (no policy loaded yet). */
export const DEFAULT_CLAIM_LEASE_SECONDS = 900;
