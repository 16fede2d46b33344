import type { TypedDocumentString } from '../gql/graphql';
import type { SessionManager } from './session';

/** A GraphQL error as the API answers it: its code (CONFLICT, FORBIDDEN, …) and its message, meant for people. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** GraphQL over HTTP with the session's bearer token; an expired token is renewed once and the call repeated. */
export class GraphQLClient {
  constructor(private readonly session: SessionManager) {}

  async request<R, V>(doc: TypedDocumentString<R, V>, variables: V): Promise<R> {
    const first = await this.send(doc, variables, await this.session.token());
    if (first.code !== 'UNAUTHENTICATED') return this.unwrap(first);
    const renewed = await this.session.refresh();
    if (!renewed) throw new ApiError('Your session has ended. Sign in again.', 'UNAUTHENTICATED');
    return this.unwrap(await this.send(doc, variables, renewed.accessToken));
  }

  private unwrap<R>(r: { body: GraphQLResponse<R>; code?: string }): R {
    const e = r.body.errors?.[0];
    if (e) throw new ApiError(e.message, e.extensions?.code ?? 'UNKNOWN');
    if (!r.body.data) throw new ApiError('The API answered nothing.', 'BAD_RESPONSE');
    return r.body.data;
  }

  private async send<R, V>(
    doc: TypedDocumentString<R, V>,
    variables: V,
    token: string | null,
  ): Promise<{ body: GraphQLResponse<R>; code?: string }> {
    let res: Response;
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query: doc.toString(), variables }),
      });
    } catch {
      throw new ApiError('The support API cannot be reached. Check your connection.', 'NETWORK');
    }
    let body: GraphQLResponse<R>;
    try {
      body = (await res.json()) as GraphQLResponse<R>;
    } catch {
      throw new ApiError(`The support API answered HTTP ${res.status}.`, 'BAD_RESPONSE');
    }
    return { body, code: body.errors?.[0]?.extensions?.code };
  }
}
