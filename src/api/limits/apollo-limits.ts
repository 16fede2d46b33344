import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { QueryLimits } from './query-limits';
import { costError, limitRules, operationCost } from './query-limits';

/** The query limits as Apollo Server options: the same rules graphql-ws applies in checkOperation. */
export function apolloLimitOptions<C extends BaseContext>(
  limits: QueryLimits,
): Pick<
  ApolloServerOptions<C>,
  'parseOptions' | 'validationRules' | 'introspection' | 'hideSchemaDetailsFromClientErrors'
> & { plugin: ApolloServerPlugin<C> } {
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: limitRules(limits),
    introspection: limits.introspection,
    hideSchemaDetailsFromClientErrors: !limits.introspection,
    plugin: {
      // After validation, before execution: the cost with the request's variables.
      async requestDidStart() {
        return {
          async didResolveOperation({ request, document, schema, operationName }) {
            const cost = operationCost(schema, document, request.variables, operationName ?? undefined);
            if (cost > limits.maxCost) throw costError(cost, limits.maxCost);
          },
        };
      },
    },
  };
}
