import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

export const SCHEMA_HEADER =
  '# Generated from the type-graphql resolvers by `npm run schema:emit`. Do not edit by hand.\n\n';

/** Sorted, so the committed file changes only when the contract does. */
export function printSupportSchema(schema: GraphQLSchema): string {
  return SCHEMA_HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}
