import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import { repoRoot } from '../paths';

/**
 * The agent console (web/console, built by `npm run build` into dist/web/console), served on the API's own origin so
 * its refresh cookie stays SameSite=Strict and first-party. Hashed assets are immutable; every other path under
 * /console answers index.html (the SPA routes itself), never cached, so a deploy reaches agents on their next load.
 */
export function mountConsole(app: Express): void {
  const dir = path.join(repoRoot(), 'dist', 'web', 'console');
  app.use(
    '/console/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false }),
    // An asset of an older build is gone: a plain 404, never index.html in its place.
    (_req: Request, res: Response) => void res.status(404).type('text/plain').send('not found'),
  );
  const index = path.join(dir, 'index.html');
  const page = (_req: Request, res: Response) => {
    if (!existsSync(index)) {
      res.status(404).type('text/plain').send('the console is not built: run npm run build');
      return;
    }
    res.set('cache-control', 'no-cache').sendFile(index);
  };
  // Express matches '/console' and '/console/' alike on a string path: only the bare one redirects.
  app.get(/^\/console$/, (_req, res) => res.redirect(301, '/console/'));
  app.get(/^\/console\/.*/, page);
}
