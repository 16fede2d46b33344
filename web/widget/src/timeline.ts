import type { Message } from './api/operations';

export interface ViewMessage extends Message {
  /** Sent, not yet stored; `failed` when the API refused or could not be reached. */
  pending?: boolean;
  failed?: boolean;
}

/** Stored messages in seq order, each once (a back-fill may repeat what a subscription brought); pending ones last,
 * each until its stored self arrives with the same clientMessageId. */
export function mergeTimeline(current: ViewMessage[], incoming: Message[]): ViewMessage[] {
  const bySeq = new Map(current.filter((m) => !m.pending).map((m) => [m.seq, m]));
  for (const m of incoming) bySeq.set(m.seq, m);
  const stored = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  const ids = new Set(stored.map((m) => m.clientMessageId).filter(Boolean));
  return [...stored, ...current.filter((m) => m.pending && !ids.has(m.clientMessageId))];
}

/** The highest seq the API has stored among these (pending messages have none yet). */
export const lastStoredSeq = (messages: ViewMessage[]) =>
  messages.reduce((n, m) => (m.pending ? n : Math.max(n, m.seq)), 0);

/** What the customer has not seen: messages from anyone else after the last one read. */
export const unreadAfter = (messages: ViewMessage[], lastReadSeq: number) =>
  messages.filter((m) => !m.pending && m.authorKind !== 'CUSTOMER' && m.seq > lastReadSeq).length;

/**
 * Where to resume from: the highest seq with every stored message before it held. Live messages may arrive out of
 * order (5 after 6); resuming after 6 then would skip 5 for good, resuming after 4 brings it (and 6 once more).
 */
export function resumeSeq(messages: ViewMessage[]): number {
  const held = new Set(messages.filter((m) => !m.pending).map((m) => m.seq));
  let n = 0;
  while (held.has(n + 1)) n++;
  return n;
}
