// Anything shaped like a credential of the services we call: Stripe keys and webhook secrets, Slack tokens, HubSpot
// private-app tokens, and Authorization values quoted back in an error (stripe-mock does this for a key it rejects).
const SHAPED_LIKE_A_SECRET =
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9*]+|\bwhsec_[A-Za-z0-9+/=]+|\bxox[abposr]-[A-Za-z0-9-]+|\bpat-[a-z0-9]+-[A-Za-z0-9-]+/g;
const AUTH_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=*-]+/gi;

/**
 * Removes secrets from text before it reaches a log line or an error message: the configured ones verbatim, and
 * anything shaped like a credential.
 */
export function redactSecrets(text: string, ...secrets: Array<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out.replace(SHAPED_LIKE_A_SECRET, '[redacted]').replace(AUTH_VALUE, '$1 [redacted]');
}
