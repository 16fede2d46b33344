import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One customer's account as Stripe holds it (API objects trimmed to the fields our reader uses). */
export interface FakeStripeAccount {
  email: string;
  customer: { id: string; delinquent: boolean };
  subscriptions: Array<Record<string, unknown>>;
  invoices: Array<Record<string, unknown>>;
  charges: Array<Record<string, unknown>>;
}

export interface StripeAccountsServer {
  url: string;
  accounts: Map<string, FakeStripeAccount>;
  /** Emails whose every request fails with a 500 (billing unavailable). */
  failing: Set<string>;
  /** Every request: path and the customer (or email) it asked about. */
  requests: Array<{ path: string; customer: string | null; email: string | null }>;
  stop(): Promise<void>;
}

const list = (data: unknown[], url: string) => ({ object: 'list', data, has_more: false, url });

function error(res: http.ServerResponse, status: number, message: string, type = 'invalid_request_error') {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type, message } }));
}

/**
 * A local server speaking Stripe's REST API for the reads the billing context makes (customers by email, a
 * customer's subscriptions, invoices and charges with their refunds), answering each customer with their own
 * account, which stripe-mock cannot: it returns the same fixtures whatever the customer. Used by the real `stripe`
 * SDK through `apiBase`. Accounts can change while a test runs (a refund made mid-conversation).
 */
export async function startStripeAccounts(accounts: FakeStripeAccount[] = []): Promise<StripeAccountsServer> {
  const state = {
    accounts: new Map(accounts.map((a) => [a.customer.id, a])),
    failing: new Set<string>(),
    requests: [] as StripeAccountsServer['requests'],
  };
  const byEmail = (email: string) => [...state.accounts.values()].find((a) => a.email === email);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stripe.local');
    const customer = url.searchParams.get('customer');
    const email = url.searchParams.get('email');
    state.requests.push({ path: url.pathname, customer, email });
    if (!/^Bearer sk_test_\w+$/.test(req.headers.authorization ?? '')) {
      return error(res, 401, 'Invalid API Key provided', 'authentication_error');
    }
    if (req.method !== 'GET') return error(res, 405, 'this fake serves reads only');
    const account = customer ? state.accounts.get(customer) : email ? byEmail(email) : undefined;
    if (account && state.failing.has(account.email)) return error(res, 500, 'internal error', 'api_error');
    if (email && state.failing.has(email)) return error(res, 500, 'internal error', 'api_error');
    const ok = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    switch (url.pathname) {
      case '/v1/customers':
        return ok(
          list(account ? [{ object: 'customer', email: account.email, ...account.customer }] : [], url.pathname),
        );
      case '/v1/subscriptions':
        return ok(list(account?.subscriptions ?? [], url.pathname));
      case '/v1/invoices':
        return ok(list(account?.invoices ?? [], url.pathname));
      case '/v1/charges': {
        // The SDK writes arrays as expand[0]=…, curl users as expand[]=…
        const expand = [...url.searchParams].filter(([k]) => /^expand\[\d*\]$/.test(k)).map(([, v]) => v);
        const charges = (account?.charges ?? []).map((c) =>
          expand.includes('data.refunds') ? c : { ...c, refunds: undefined },
        );
        return ok(list(charges, url.pathname));
      }
      default:
        return error(res, 404, `Unrecognized request URL (GET: ${url.pathname})`);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}
