import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How long the bench's CRM and billing sources take to answer: slow enough that the prefetch shows. */
export const SOURCE_DELAY_MS = 150;

export interface SourceStubs {
  hubspotUrl: string;
  stripeUrl: string;
  /** Requests answered so far, per source. */
  counts: { hubspot: number; stripe: number };
  stop(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * HubSpot and Stripe as the context gatherer meets them, each answering after a fixed delay: HubSpot's contact
 * search finds no contact (the built-in record stands), Stripe's customer list is empty (no billing history). The
 * wire shapes are the ones @hubspot/api-client and stripe-node parse; anything else answers 404 in the API's shape.
 */
export async function startSourceStubs(delayMs = SOURCE_DELAY_MS): Promise<SourceStubs> {
  const counts = { hubspot: 0, stripe: 0 };
  const answer = (which: 'hubspot' | 'stripe', route: (method: string, path: string) => unknown) =>
    createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        counts[which]++;
        const body = route(req.method ?? 'GET', (req.url ?? '/').split('?')[0]);
        setTimeout(() => {
          res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify(body ?? { status: 'error', message: 'not found', error: { type: 'invalid_request_error' } }),
          );
        }, delayMs);
      });
    });
  const hubspot = answer('hubspot', (method, path) =>
    method === 'POST' && path === '/crm/v3/objects/contacts/search' ? { total: 0, results: [] } : null,
  );
  const stripe = answer('stripe', (method, path) =>
    method === 'GET' && path === '/v1/customers' ? { object: 'list', data: [], has_more: false, url: path } : null,
  );
  const [hubspotUrl, stripeUrl] = await Promise.all([listen(hubspot), listen(stripe)]);
  const close = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));
  return {
    hubspotUrl,
    stripeUrl,
    counts,
    stop: async () => {
      hubspot.closeAllConnections();
      stripe.closeAllConnections();
      await Promise.all([close(hubspot), close(stripe)]);
    },
  };
}
