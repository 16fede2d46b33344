/* global process, console */
// A real OpenID Connect provider (oidc-provider 9, an ES module) for the single sign-on tests, run as its own process:
//   OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI  →  prints {"ready":true,"issuer":"…"} once up.
// Its development login form takes any of the users below by their login name (any password); consent is implied
// for the console (a first-party client), as a company IdP configures it.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;

/** Two of the seeded agents (one with an upper-case address at the IdP), and an employee who is not an agent. */
const USERS = {
  nina: { email: 'Nina.Patel@lumen.io', email_verified: true, name: 'Nina Patel' },
  hannah: { email: 'hannah.schmidt@lumen.io', email_verified: true, name: 'Hannah Schmidt' },
  stranger: { email: 'pat.stranger@lumen.io', email_verified: true, name: 'Pat Stranger' },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: [process.env.OIDC_REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  async findAccount(_ctx, id) {
    const user = USERS[id];
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...user }) };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

provider.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ ready: true, issuer })));
process.on('SIGTERM', () => process.exit(0));
