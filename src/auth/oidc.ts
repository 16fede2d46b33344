import type * as OidcClient from 'openid-client' with { 'resolution-mode': 'import' };
import type { OidcConfig } from '../config';
import { AppError, ErrorCode } from '../errors';

type Lib = typeof OidcClient;

/**
 * openid-client 6 is an ES module and this project compiles to CommonJS, where tsc would turn `import()` into
 * `require()`: a Function body is not compiled, so the real dynamic import survives (loaded once, on first use).
 */
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<Lib>;
let lib: Promise<Lib> | null = null;
const load = () => (lib ??= importEsm('openid-client'));

/** What the sign-in keeps between leaving for the IdP and coming back (in a signed, short-lived cookie). */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
}

/** Who the IdP says signed in. */
export interface OidcIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean | undefined;
}

/**
 * The console's relying party: authorization code with PKCE (S256), state and nonce checked by openid-client.
 * Discovery happens on first use and is cached; a failed discovery is retried on the next sign-in.
 */
export class OidcSignIn {
  private discovered: Promise<OidcClient.Configuration> | null = null;

  constructor(private readonly config: OidcConfig) {}

  get providerName(): string {
    return this.config.providerName;
  }

  private configuration(): Promise<OidcClient.Configuration> {
    this.discovered ??= load()
      .then((c) =>
        c.discovery(
          new URL(this.config.issuerUrl),
          this.config.clientId,
          this.config.clientSecret ?? undefined,
          this.config.clientSecret ? undefined : c.None(),
          this.config.allowHttp ? { execute: [c.allowInsecureRequests] } : undefined,
        ),
      )
      .catch((err: unknown) => {
        this.discovered = null;
        throw new AppError(ErrorCode.UNAVAILABLE, `the identity provider cannot be reached (${String(err)})`);
      });
    return this.discovered;
  }

  /** Where to send the agent, and what to remember until they come back. */
  async start(): Promise<{ url: URL; flow: OidcFlow }> {
    const c = await load();
    const configuration = await this.configuration();
    const flow: OidcFlow = { state: c.randomState(), nonce: c.randomNonce(), verifier: c.randomPKCECodeVerifier() };
    const url = c.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUrl,
      scope: 'openid email profile',
      code_challenge: await c.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url, flow };
  }

  /** The callback: the code is exchanged (state, nonce and PKCE checked) and the agent's email read. */
  async finish(callbackUrl: URL, flow: OidcFlow): Promise<OidcIdentity> {
    const c = await load();
    const configuration = await this.configuration();
    let tokens: Awaited<ReturnType<Lib['authorizationCodeGrant']>>;
    try {
      tokens = await c.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      const idpError = callbackUrl.searchParams.get('error_description') ?? callbackUrl.searchParams.get('error');
      throw new AppError(
        ErrorCode.UNAUTHENTICATED,
        idpError ? `the identity provider refused: ${idpError}` : `the sign-in could not be completed (${String(err)})`,
      );
    }
    const claims = tokens.claims()!;
    let email = typeof claims.email === 'string' ? claims.email : null;
    let verified = typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined;
    if (!email) {
      // Many providers put scope claims on the userinfo endpoint only (the ID token of a code flow stays small).
      const info = await c.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      email = typeof info.email === 'string' ? info.email : null;
      verified = typeof info.email_verified === 'boolean' ? info.email_verified : verified;
    }
    return { subject: claims.sub, email, emailVerified: verified };
  }
}
