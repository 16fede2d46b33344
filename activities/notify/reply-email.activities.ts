import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { replyLinkUrl, signReplyLink } from '../../src/auth/reply-link';
import type { Mailer } from '../../src/integrations/email/mailer';

export interface EmailRepliesInput {
  conversationId: string;
  customerId: string;
  /** The first agent reply of the batch, and when it was stored (epoch ms). */
  fromSeq: number;
  repliedAt: number;
}

export type EmailRepliesOutcome = 'SENT' | 'SEEN' | 'NO_ADDRESS' | 'NOT_CONFIGURED' | 'NOTHING';

export interface ReplyEmailSettings {
  /** The API's secret: the link is verified by the API. */
  linkSecret: string;
  linkUrl: string;
  linkTtlSeconds: number;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * One email for a batch of agent replies the customer has not seen: called by the conversation workflow's durable
 * timer once the customer has had no widget open for the configured time after the first reply. Nothing goes to a
 * customer who had a widget open since (they saw the replies live) or who has no address (an anonymous visitor).
 * A retry after a send re-sends nothing: the batch is recorded in reply_emails.
 */
export function createReplyEmailActivities(deps: {
  ds: DataSource;
  mailer: Mailer | null;
  settings: ReplyEmailSettings;
}) {
  const { ds, mailer, settings } = deps;
  return {
    async emailRepliesIfAway(input: EmailRepliesInput): Promise<{ outcome: EmailRepliesOutcome; toSeq?: number }> {
      const { conversationId, customerId, fromSeq } = input;
      if (!mailer) return { outcome: 'NOT_CONFIGURED' };
      const [customer]: Array<{ email: string | null; name: string }> = await ds.query(
        'SELECT email, name FROM customers WHERE id = $1',
        [customerId],
      );
      if (!customer?.email) return { outcome: 'NO_ADDRESS' };
      const [presence]: Array<{ last_seen_at: Date }> = await ds.query(
        'SELECT last_seen_at FROM widget_presence WHERE customer_id = $1',
        [customerId],
      );
      if (presence && presence.last_seen_at.getTime() >= input.repliedAt) return { outcome: 'SEEN' };
      const replies: Array<{ seq: number; body: string; agent: string | null }> = await ds.query(
        `SELECT m.seq, m.body, a.name AS agent FROM messages m LEFT JOIN agents a ON a.id = m.author_id
         WHERE m.conversation_id = $1 AND m.author_kind = 'AGENT' AND m.seq >= $2 ORDER BY m.seq`,
        [conversationId, fromSeq],
      );
      if (replies.length === 0) return { outcome: 'NOTHING' };
      const toSeq = replies[replies.length - 1].seq;
      await ds.query(
        `INSERT INTO reply_emails (conversation_id, from_seq, to_seq, recipient) VALUES ($1, $2, $3, $4)
         ON CONFLICT (conversation_id, from_seq) DO NOTHING`,
        [conversationId, fromSeq, toSeq, customer.email],
      );
      const [batch]: Array<{ sent_at: Date | null; to_seq: number }> = await ds.query(
        'SELECT sent_at, to_seq FROM reply_emails WHERE conversation_id = $1 AND from_seq = $2',
        [conversationId, fromSeq],
      );
      if (batch.sent_at) return { outcome: 'SENT', toSeq: batch.to_seq };
      const sent = replies.filter((r) => r.seq <= batch.to_seq);
      const agent = sent.find((r) => r.agent)?.agent ?? 'Our support team';
      const token = signReplyLink(settings.linkSecret, { conversationId, customerId }, settings.linkTtlSeconds);
      const link = replyLinkUrl(settings.linkUrl, token);
      const until = new Date(Date.now() + settings.linkTtlSeconds * 1000).toUTCString();
      const subject = `${agent} replied to your support conversation`;
      const text = [
        `Hi ${customer.name},`,
        '',
        `${agent} replied while you were away:`,
        '',
        ...sent.map((r) => `> ${r.body.replace(/\n/g, '\n> ')}`),
        '',
        `Continue the conversation: ${link}`,
        `(This link opens this conversation until ${until}.)`,
      ].join('\n');
      const html = [
        `<p>Hi ${escapeHtml(customer.name)},</p>`,
        `<p>${escapeHtml(agent)} replied while you were away:</p>`,
        ...sent.map((r) => `<blockquote>${escapeHtml(r.body).replace(/\n/g, '<br>')}</blockquote>`),
        `<p><a href="${escapeHtml(link)}">Continue the conversation</a></p>`,
        `<p style="color:#666">This link opens this conversation until ${escapeHtml(until)}.</p>`,
      ].join('\n');
      const messageId = `<reply-${conversationId}-${fromSeq}@support-handoff>`;
      await mailer.send({ to: customer.email, subject, text, html, messageId });
      await ds.query(
        `UPDATE reply_emails SET sent_at = now(), message_id = $3 WHERE conversation_id = $1 AND from_seq = $2`,
        [conversationId, fromSeq, messageId],
      );
      log.info('agent replies emailed', { conversationId, fromSeq, toSeq: batch.to_seq });
      return { outcome: 'SENT', toSeq: batch.to_seq };
    },
  };
}
