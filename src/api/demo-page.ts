import type { Express } from 'express';
import { signToken } from '../auth/jwt';
import { signIdentityToken } from '../auth/widget-identity';
import { DEMO_AGENT_SCRIPT } from './demo-agent-script';

/** The customer the demo page signs in as; created on first contact like any host app's user. */
export const DEMO_CUSTOMER = {
  sub: 'demo-dana',
  email: 'dana@acme-analytics.example',
  name: 'Dana Demo',
  company: 'Acme Analytics',
};
/** The seeded agent the demo page's "play the agent" card acts as. */
const DEMO_AGENT = 'agt-1';

const page = () => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lumen · widget demo</title>
<style>
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1f2328; background: #f6f8fa; }
  header { background: #24292f; color: #fff; padding: 0.8rem 1.5rem; font-weight: 600; }
  main { max-width: 44rem; margin: 2rem 0 0 2rem; padding: 0 1.5rem 6rem; }
  /* Leave the widget's corner free on wide screens (the panel is 380 px wide at the right). */
  @media (min-width: 900px) { main { margin-right: 420px; } }
  .card { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
  .card button { font: inherit; padding: 0.35rem 0.8rem; margin: 0.2rem 0.3rem 0.2rem 0; border-radius: 6px;
    border: 1px solid #8c959f; background: #f6f8fa; cursor: pointer; }
  .card input { font: inherit; padding: 0.35rem 0.5rem; width: 60%; border: 1px solid #8c959f; border-radius: 6px; }
  #agent-state { color: #57606a; font-size: 0.9rem; }
</style>
</head>
<body>
<header>Lumen</header>
<main>
  <h1>Widget demo</h1>
  <p>This page stands in for Lumen, the demo SaaS product whose knowledge base the AI answers from, embedding the
  support widget with one script tag. Its backend (<code>/demo/token</code>) signed an identity token for
  <strong>${DEMO_CUSTOMER.name}</strong> (${DEMO_CUSTOMER.company}); the widget exchanged it for a session.</p>
  <div class="card">
    <h2>1. Be the customer</h2>
    <p>Open the chat (bottom right) and ask <em>How do I export a dashboard to PDF?</em> The AI answers with its
    sources. Then press <em>Talk to a person</em>.</p>
  </div>
  <div class="card" aria-labelledby="agent-h">
    <h2 id="agent-h">2. Be the agent (Nina, through the GraphQL API)</h2>
    <p id="agent-state">Looking for Dana's conversation…</p>
    <button type="button" id="agent-claim">Claim</button>
    <button type="button" id="agent-resolve">Resolve</button><br>
    <label for="agent-reply">Reply</label> <input id="agent-reply" value="Hi Dana, Nina here. Happy to help!">
    <button type="button" id="agent-send">Send as Nina</button>
    <p><small>Typing in the reply box shows "Nina Patel is typing…" in the widget.</small></p>
    <p>Or take it over the way agents do, in the <a href="/console/" target="_blank" rel="noopener">agent console</a>
    (sign in as Nina Patel; the conversation waits in her queue).</p>
  </div>
</main>
<script src="/widget.js" data-token-url="/demo/token" data-brand-color="#6d28d9"
  data-greeting="Hi Dana 👋 Ask us anything about Lumen."></script>
<script>${DEMO_AGENT_SCRIPT}</script>
</body>
</html>`;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Development only, and only to a browser on this machine: a host page with the widget, the host backend's token
 * endpoint, and an agent stand-in. The loopback check keeps a server that forgot NODE_ENV=production from handing
 * tokens to anyone who finds /demo.
 */
export function mountDemo(app: Express, opts: { identitySecret: string | null; jwtSecret: string }): void {
  app.use('/demo', (req, res, next) => {
    if (LOOPBACK.has(req.socket.remoteAddress ?? '')) next();
    else res.status(404).type('text/plain').send('the demo is served to this machine only');
  });
  app.get('/demo', (_req, res) => {
    res.type('html').set('cache-control', 'no-store').send(page());
  });
  app.get('/demo/token', (_req, res) => {
    if (!opts.identitySecret) {
      res.status(503).type('text/plain').send('WIDGET_IDENTITY_SECRET is unset');
      return;
    }
    res
      .type('text/plain')
      .set('cache-control', 'no-store')
      .send(signIdentityToken(opts.identitySecret, DEMO_CUSTOMER, 300));
  });
  app.get('/demo/agent-token', (_req, res) => {
    res
      .type('text/plain')
      .set('cache-control', 'no-store')
      .send(signToken(opts.jwtSecret, { sub: DEMO_AGENT, role: 'agent' }, '1h'));
  });
}
