/** A GraphQL error as the API sends it: a code (UNAUTHENTICATED, NOT_FOUND, …) and sometimes a finer reason. */
export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; reason?: string } }>;
}

/** GraphQL over HTTP (POST, JSON). A network failure is code NETWORK; a GraphQL error carries the API's code. */
export async function postGraphQL<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new GraphQLRequestError(String(err), 'NETWORK');
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await res.json()) as GraphQLResponse<T>;
  } catch {
    throw new GraphQLRequestError(`HTTP ${res.status}`, res.status >= 500 ? 'NETWORK' : 'BAD_RESPONSE');
  }
  const e = body.errors?.[0];
  if (e) throw new GraphQLRequestError(e.message, e.extensions?.code ?? 'UNKNOWN', e.extensions?.reason);
  if (!body.data) throw new GraphQLRequestError('empty response', 'BAD_RESPONSE');
  return body.data;
}
