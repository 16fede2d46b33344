import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The console's operations, typed from the committed SDL: `npm run build` and `npm run typecheck` run this first, so
 * an operation the schema no longer allows (a renamed field, a removed argument) fails the build, not an agent.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['web/console/src/**/*.{ts,tsx}', '!web/console/src/gql/**'],
  ignoreNoDocuments: false,
  errorsOnly: true,
  generates: {
    'web/console/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
        strictScalars: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
    },
  },
};

export default config;
