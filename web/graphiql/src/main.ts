import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const url = `${location.origin}/graphql`;
const subscriptionUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;

/**
 * Our WebSocket endpoint authenticates from connectionParams.authorization, which the toolkit fixes per client:
 * one fetcher per Authorization header, so a token put in the headers editor works for subscriptions too.
 */
const fetchers = new Map<string, Fetcher>();
const fetcher: Fetcher = (params, options) => {
  const headers = (options?.headers ?? {}) as Record<string, unknown>;
  const auth = String(headers.Authorization ?? headers.authorization ?? '');
  let f = fetchers.get(auth);
  if (!f) {
    f = createGraphiQLFetcher({ url, subscriptionUrl, wsConnectionParams: auth ? { authorization: auth } : {} });
    fetchers.set(auth, f);
  }
  return f(params, options);
};

// No token by default: the schema (and its docs) load without one; an invalid one would be refused.
const defaultHeaders = '{}';
const defaultQuery = `# The support API's contract: every type and field is documented (Docs, top left).
# Put a token in Headers below, e.g. {"Authorization": "Bearer <token>"} with a token from
#   npm run --silent token -- --role agent --sub agt-1
# Queries and mutations go over HTTP, subscriptions over graphql-ws with the same token.
{
  me {
    id
    role
    name
  }
}
`;

createRoot(document.getElementById('graphiql') as HTMLElement).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery,
    defaultHeaders,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
  }),
);
