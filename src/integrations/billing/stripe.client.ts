import Stripe from 'stripe';

export interface StripeBillingConfig {
  /** A secret or restricted key (`sk_…`/`rk_…`). Never logged, never put in an error. */
  apiKey: string;
  /** Where the API lives when it is not api.stripe.com, e.g. stripe-mock at `http://127.0.0.1:12111`. */
  apiBase?: string;
  /** Per-request limit for writes (refunds, credits, charge look-ups). Default 10 s. */
  timeoutMs?: number;
  /** Per-request limit for the reads behind billingContext; the context gatherer gives up at 4 s. Default 3 s. */
  readTimeoutMs?: number;
  /** SDK retries on network errors and 409/429/5xx, reusing the idempotency key. Default 2 (writes only). */
  maxNetworkRetries?: number;
}

/** `http://127.0.0.1:12111` → the SDK's `{ protocol, host, port }`; an absent base means Stripe itself. */
export function parseApiBase(apiBase: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiBase) return {};
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw new Error(`invalid Stripe API base URL: ${apiBase}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Stripe API base must be http(s), got ${url.protocol}`);
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new Error('Stripe API base must have no path (the SDK adds /v1/...)');
  }
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return {
    protocol,
    // URL keeps IPv6 literals bracketed; Node's http.request wants them bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
  };
}

export function createStripeClient(config: StripeBillingConfig): Stripe {
  if (!config.apiKey) throw new Error('a Stripe API key is required');
  return new Stripe(config.apiKey, {
    ...parseApiBase(config.apiBase),
    timeout: config.timeoutMs ?? 10_000,
    maxNetworkRetries: config.maxNetworkRetries ?? 2,
    telemetry: false,
    appInfo: { name: 'support-handoff' },
  });
}
