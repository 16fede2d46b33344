import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import type { ApiLimitsConfig } from '../../config/api-limits';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../services/pagination';

/**
 * The limits every GraphQL document passes before any resolver runs, applied alike over HTTP (Apollo: parseOptions,
 * validationRules and the cost plugin in apollo-limits.ts) and over WebSocket (checkOperation, from graphql-ws's
 * onSubscribe): a request refused on one transport is refused on the other.
 */
export type QueryLimits = Pick<ApiLimitsConfig, 'maxDepth' | 'maxAliases' | 'maxTokens' | 'maxCost' | 'introspection'>;

/** graphql-armor's rules report into the validation context (as graphql-js rules do) instead of throwing. */
const report = [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)];

export function limitRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, propagateOnRejection: false, onReject: report }),
    maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: report }),
    ...(limits.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
}

/** Arguments that say how many items a list field returns (connections: `first`; insights: `top`). */
const SIZE_ARGS = ['first', 'top'];

/**
 * One point per field; a field that returns a page costs its children once per item it may return (`first`, else the
 * default page size when the field takes `first`). Variables count: `first: $n` costs what $n says. No page holds more
 * than MAX_PAGE_SIZE (a larger `first` is refused with BAD_USER_INPUT by the field itself).
 */
const pageEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const sizeArg = field.args.find((a) => SIZE_ARGS.includes(a.name));
  if (!sizeArg) return 1 + childComplexity;
  const given = args[sizeArg.name];
  const items = typeof given === 'number' && given >= 0 ? Math.min(given, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  return 1 + Math.max(1, items) * childComplexity;
};

export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [pageEstimator] });
  } catch {
    // Variables that do not coerce: execution refuses them before any resolver runs.
    return 0;
  }
}

export function costError(cost: number, max: number): GraphQLError {
  return new GraphQLError(`Query cost limit of ${max} exceeded, found ${cost}.`, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
  });
}

const withCode = (errors: readonly GraphQLError[], code: string): GraphQLError[] =>
  errors.map(
    (e) =>
      new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { code } }),
  );

/** Without introspection, "Did you mean …?" would still spell out the schema (Apollo hides it the same way). */
const hideSuggestions = (errors: GraphQLError[]): GraphQLError[] =>
  errors.map((e) =>
    / Did you mean (.+)\?$/.test(e.message)
      ? new GraphQLError(e.message.replace(/ Did you mean (.+)\?$/, ''), { nodes: e.nodes, extensions: e.extensions })
      : e,
  );

export interface OperationRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/**
 * Parse (with the token limit), validate (graphql-js rules plus ours) and cost one operation, as Apollo does over HTTP:
 * the document, or the errors to answer with.
 */
export function checkOperation(
  schema: GraphQLSchema,
  limits: QueryLimits,
  request: OperationRequest,
): { document: DocumentNode } | { errors: GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(request.query, { maxTokens: limits.maxTokens });
  } catch (err) {
    const e = err instanceof GraphQLError ? err : new GraphQLError(String(err));
    return { errors: withCode([e], 'GRAPHQL_PARSE_FAILED') };
  }
  const invalid = validate(schema, document, [...specifiedRules, ...limitRules(limits)]);
  if (invalid.length > 0) {
    const errors = withCode(invalid, 'GRAPHQL_VALIDATION_FAILED');
    return { errors: limits.introspection ? errors : hideSuggestions(errors) };
  }
  const cost = operationCost(schema, document, request.variables ?? undefined, request.operationName ?? undefined);
  if (cost > limits.maxCost) return { errors: [costError(cost, limits.maxCost)] };
  return { document };
}
