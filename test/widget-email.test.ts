import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { signIdentityToken } from '../src/auth/widget-identity';
import { testEnv } from './support/env';
import {
  cid,
  customerTurn,
  gql,
  pg,
  startStack,
  subscribe,
  temporalClient,
  token,
  waitFor,
  wsClient,
} from './support/stack';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver';

/**
 * Agent replies reach a customer who has left by email: a durable timer in the conversation workflow, one email per
 * batch, delivered over SMTP (nodemailer) to a real SMTP server, with a signed link that reopens that conversation.
 */
const SECRET = 'widget-email-secret-0123456789';
const LANDING = 'https://app.customer.example/support?tab=chat';
const AFTER_SECONDS = 2;
let stack: Awaited<ReturnType<typeof startStack>>;
let smtp: SmtpReceiver;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  stack = await startStack('widget-email', {
    WIDGET_IDENTITY_SECRET: SECRET,
    SMTP_URL: smtp.url,
    EMAIL_FROM: 'Acme Support <support@acme.example>',
    WIDGET_REPLY_EMAIL_AFTER_SECONDS: String(AFTER_SECONDS),
    WIDGET_REPLY_LINK_URL: LANDING,
    WIDGET_ALLOW_VISITORS: 'true',
  });
});
afterAll(async () => {
  await stack?.stop();
  await smtp?.stop();
});

const agent = () => token('agent', 'agt-1');

/** What the workflow's reply-email activity answered, once its timer has fired (read from the workflow history). */
async function emailOutcomes(conversationId: string): Promise<string[]> {
  const t = await temporalClient();
  try {
    const history = await t.client.workflow.getHandle(`conversation-${conversationId}`).fetchHistory();
    const events = history.events ?? [];
    const scheduled = new Set(
      events
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'emailRepliesIfAway')
        .map((e) => String(e.eventId)),
    );
    return await Promise.all(
      events
        .filter((e) => scheduled.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? '')))
        .map(
          async (e) =>
            (await t.payload<{ outcome: string }>(e.activityTaskCompletedEventAttributes!.result!.payloads![0]))
              .outcome,
        ),
    );
  } finally {
    await t.close();
  }
}
const OPEN_LINK = `mutation($t: String!) { openReplyLink(token: $t) { id status } }`;

async function customer() {
  const id = randomUUID().slice(0, 8);
  const u = { sub: `mail-user-${id}`, email: `mail-${id}@customer.example`, name: `Mia ${id}` };
  const r = await gql(stack.port, null, `mutation($t: String!) { startWidgetSession(identityToken: $t) { token } }`, {
    t: signIdentityToken(SECRET, u),
  });
  return { ...u, token: r.data!.startWidgetSession.token as string };
}

/** A conversation waiting for a person, claimed by the agent. */
async function claimedConversation(customerToken: string) {
  const { id } = await customerTurn(stack.port, customerToken, null, 'I need to talk to a person about my account.');
  const claimed = await gql(
    stack.port,
    agent(),
    `mutation($id: ID!) { claimConversation(conversationId: $id) { id } }`,
    {
      id,
    },
  );
  expect(claimed.errors).toBeUndefined();
  return id;
}

const reply = (id: string, body: string) =>
  gql(stack.port, agent(), `mutation($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`, {
    i: { conversationId: id, body, clientMessageId: cid() },
  });

it('emails the replies of an agent to a customer with no widget open, once per batch, with a link to that conversation', async () => {
  const c = await customer();
  const id = await claimedConversation(c.token);
  expect((await reply(id, 'Hi Mia, I am looking at your account now.')).errors).toBeUndefined();
  expect((await reply(id, 'Done: your seats are back to 12.')).errors).toBeUndefined();

  const [mail] = await waitFor(() => (smtp.to(c.email).length ? smtp.to(c.email) : undefined), 30_000);
  expect(mail.from).toBe('support@acme.example');
  expect(mail.text).toContain('Subject: Nina Patel replied to your support conversation');
  expect(mail.text).toContain('I am looking at your account now.');
  expect(mail.text).toContain('your seats are back to 12.');
  // One email for the batch, however long we wait.
  await new Promise((r) => setTimeout(r, (AFTER_SECONDS + 2) * 1000));
  expect(smtp.to(c.email)).toHaveLength(1);

  // The text part carries the landing page the host configured, with the signed link token added.
  const link = /https:\/\/app\.customer\.example\/support\?tab=chat&support_reply=([\w.-]+)/.exec(mail.text);
  expect(link).not.toBeNull();
  const linkToken = link![1];
  // The link opens that conversation for its customer, and for nobody else.
  const opened = await gql(stack.port, c.token, OPEN_LINK, { t: linkToken });
  expect(opened.errors).toBeUndefined();
  expect(opened.data!.openReplyLink.id).toBe(id);
  const other = await customer();
  expect((await gql(stack.port, other.token, OPEN_LINK, { t: linkToken })).errors![0].extensions).toMatchObject({
    code: 'NOT_FOUND',
  });
  const expired = jwt.sign({ sub: c.sub, cid: id, exp: Math.floor(Date.now() / 1000) - 5 }, testEnv().jwtSecret, {
    audience: 'support-reply-link',
  });
  expect((await gql(stack.port, c.token, OPEN_LINK, { t: expired })).errors![0]).toMatchObject({
    message: expect.stringMatching(/expired/),
    extensions: { code: 'BAD_USER_INPUT', reason: 'LINK_EXPIRED' },
  });
  const forged = jwt.sign({ sub: c.sub, cid: id }, 'not-our-secret-0123456789', {
    audience: 'support-reply-link',
    expiresIn: 600,
  });
  expect((await gql(stack.port, c.token, OPEN_LINK, { t: forged })).errors![0].extensions).toMatchObject({
    reason: 'LINK_INVALID',
  });

  // A later reply starts a new batch: a second email.
  expect((await reply(id, 'One more thing: the invoice is corrected too.')).errors).toBeUndefined();
  const second = await waitFor(() => (smtp.to(c.email).length === 2 ? smtp.to(c.email)[1] : undefined), 30_000);
  expect(second.text).toContain('the invoice is corrected too.');
  expect(second.text).not.toContain('your seats are back to 12.');
});

it('sends nothing to a customer whose widget is open: they saw the reply live', async () => {
  const c = await customer();
  const id = await claimedConversation(c.token);
  const ws = wsClient(stack.port, c.token);
  const sub = subscribe(ws, `subscription($id: ID!) { messageAdded(conversationId: $id) { body } }`, { id });
  try {
    await new Promise((r) => setTimeout(r, 500));
    expect((await reply(id, 'Hello, I can see you are online.')).errors).toBeUndefined();
    await sub.waitFor((events) => events.some((e: any) => e.messageAdded.body.includes('online')));
    // The timer fired and found the customer there: no email.
    expect(
      await waitFor(async () => ((await emailOutcomes(id)).length ? emailOutcomes(id) : undefined), 30_000),
    ).toEqual(['SEEN']);
    expect(smtp.to(c.email)).toHaveLength(0);
    const db = await pg();
    try {
      const rows = await db.query('SELECT 1 FROM reply_emails WHERE conversation_id = $1', [id]);
      expect(rows.rowCount).toBe(0);
    } finally {
      await db.end();
    }
  } finally {
    sub.dispose();
    await ws.dispose();
  }
});

it('sends nothing to an anonymous visitor, who has no address', async () => {
  const v = await gql(stack.port, null, `mutation { startVisitorSession { token customer { id } } }`);
  const id = await claimedConversation(v.data!.startVisitorSession.token);
  expect((await reply(id, 'Hello! Are you still there?')).errors).toBeUndefined();
  expect(await waitFor(async () => ((await emailOutcomes(id)).length ? emailOutcomes(id) : undefined), 30_000)).toEqual(
    ['NO_ADDRESS'],
  );
  expect(smtp.mails.filter((m) => m.text.includes('Are you still there?'))).toHaveLength(0);
});
