import { decodeEvent, messageEvent, ROW_IN_NOTIFY_MAX_BYTES, type MessageEventRow } from './channel';

const row = (body: string): MessageEventRow => ({
  authorKind: 'CUSTOMER',
  authorId: 'cus-01',
  body,
  clientMessageId: 'm-1',
  ai: null,
  pageContext: { route: '/billing' },
});

describe("a message's notification", () => {
  it('carries the row when it fits', () => {
    expect(decodeEvent(messageEvent('c-1', 'm-id', row('How do I export?')))).toEqual({
      kind: 'message',
      conversationId: 'c-1',
      messageId: 'm-id',
      row: row('How do I export?'),
    });
  });

  it('goes by id when the row would pass the limit PostgreSQL puts on a notification', () => {
    const event = messageEvent('c-1', 'm-id', row('x'.repeat(ROW_IN_NOTIFY_MAX_BYTES)));
    expect(decodeEvent(event)).toEqual({ kind: 'message', conversationId: 'c-1', messageId: 'm-id' });
  });

  it('goes by id when its text holds half a surrogate pair, which jsonb refuses (the statement must not fail)', () => {
    const event = messageEvent('c-1', 'm-id', row('broken \ud83d'));
    expect(decodeEvent(event)).toEqual({ kind: 'message', conversationId: 'c-1', messageId: 'm-id' });
    expect(decodeEvent(messageEvent('c-1', 'm-id', row('whole 😀')))).toMatchObject({ row: { body: 'whole 😀' } });
  });
});
