import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import { repoRoot } from '../paths';

/**
 * GraphiQL (web/graphiql, built by `npm run build` into dist/web/graphiql) at /graphiql, for development only: the
 * server mounts it outside production. Same origin as /graphql, so the strict CSP holds and subscriptions reach
 * the graphql-ws endpoint; the caller brings their own bearer token in the headers editor.
 */
export function mountGraphiql(app: Express): void {
  const dir = path.join(repoRoot(), 'dist', 'web', 'graphiql');
  app.use(
    '/graphiql/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false }),
    (_req: Request, res: Response) => void res.status(404).type('text/plain').send('not found'),
  );
  const index = path.join(dir, 'index.html');
  app.get(/^\/graphiql\/?$/, (_req, res) => {
    if (!existsSync(index)) {
      res.status(404).type('text/plain').send('GraphiQL is not built: run npm run build');
      return;
    }
    res.set('cache-control', 'no-cache').sendFile(index);
  });
}
