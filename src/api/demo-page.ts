import type { Express } from 'express';
import { signIdentityToken } from '../auth/widget-identity';

/** The customer the demo page signs in as; created on first contact like any host app's user. */
export const DEMO_CUSTOMER = {
  sub: 'demo-dana',
  email: 'dana@acme-analytics.example',
  name: 'Dana Demo',
  company: 'Acme Analytics',
};

const page = (host: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Analytics · widget demo</title>
<style>
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1f2328; background: #f6f8fa; }
  header { background: #24292f; color: #fff; padding: 0.8rem 1.5rem; font-weight: 600; }
  main { max-width: 46rem; margin: 2rem auto; padding: 0 1.5rem; }
  code { background: #eaeef2; padding: 0.1em 0.35em; border-radius: 4px; font-size: 0.9em; }
  .card { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
</style>
</head>
<body>
<header>Acme Analytics</header>
<main>
  <h1>Widget demo</h1>
  <p>This page stands in for a SaaS app that embeds the support widget. Its backend signed an identity token for
  <strong>${DEMO_CUSTOMER.name}</strong> (<code>${DEMO_CUSTOMER.sub}</code>); the widget exchanged it for a session.</p>
  <div class="card">
    <p><strong>Try:</strong> open the chat (bottom right) and ask <em>How do I export a dashboard to PDF?</em>, then
    press <em>Talk to a person</em>.</p>
    <p>Answer as an agent from a shell (claims, types, replies):</p>
    <pre><code>T=$(npm run --silent token -- --role agent --sub agt-1)
q() { curl -s http://${host}/graphql -H "authorization: Bearer $T" -H 'content-type: application/json' -d "$1"; }
ID=&lt;conversation id: shown in the widget's menu, or agentQueue&gt;
q '{"query":"mutation{claimConversation(conversationId:\\"'$ID'\\"){status}}"}'
q '{"query":"mutation{setTyping(conversationId:\\"'$ID'\\")}"}'
q '{"query":"mutation{sendMessage(input:{conversationId:\\"'$ID'\\",body:\\"Hi, I can help\\",clientMessageId:\\"a1\\"}){seq}}"}'</code></pre>
  </div>
</main>
<script src="/widget.js" data-token-url="/demo/token" data-brand-color="#6d28d9"
  data-greeting="Hi Dana 👋 Ask us anything about Acme Analytics."></script>
</body>
</html>`;

const escapeHost = (h: string | undefined) => (h && /^[\w.:[\]-]+$/.test(h) ? h : 'localhost:4000');

/** Development only: a host page with the widget, and the host backend's token endpoint it calls. */
export function mountDemo(app: Express, opts: { identitySecret: string | null }): void {
  app.get('/demo', (req, res) => {
    res
      .type('html')
      .set('cache-control', 'no-store')
      .send(page(escapeHost(req.headers.host)));
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
}
