/** Removes a secret from text before it reaches a log line or an error message. */
export function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}
