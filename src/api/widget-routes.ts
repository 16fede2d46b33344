import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Express, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { repoRoot } from '../paths';

interface Asset {
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
}

/** Built by `npm run build` (vite, web/widget) into dist/web; read once, when first asked for. */
function loadWidget(): Asset | null {
  const file = path.join(repoRoot(), 'dist', 'web', 'widget.js');
  try {
    const body = readFileSync(file);
    let gzip: Buffer | null = null;
    try {
      gzip = readFileSync(`${file}.gz`);
    } catch {
      // served uncompressed
    }
    return { body, gzip, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  } catch {
    return null;
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * GET /widget.js: the embeddable widget, gzipped when the browser accepts it, cached briefly (the URL is not
 * versioned, so a deploy reaches every host page within five minutes) and revalidated by ETag.
 * GET /help/articles/:id: a published knowledge-base article as a plain page, where the widget's source links
 * point unless the host configures its own help center.
 */
export function mountWidgetRoutes(app: Express, ds: DataSource): void {
  let widget: Asset | null | undefined;
  app.get('/widget.js', (req: Request, res: Response) => {
    if (widget === undefined || widget === null) widget = loadWidget();
    if (!widget) {
      res.status(404).type('text/plain').send('widget.js is not built: run npm run build');
      return;
    }
    res.set({
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300, stale-while-revalidate=86400',
      etag: widget.etag,
      vary: 'Accept-Encoding',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'cross-origin',
    });
    if (req.headers['if-none-match'] === widget.etag) {
      res.status(304).end();
      return;
    }
    const gzip = widget.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) res.set('content-encoding', 'gzip');
    res.send(gzip ? widget.gzip : widget.body);
  });

  app.get('/help/articles/:id', async (req: Request, res: Response) => {
    let a: { title: string; body: string } | undefined;
    try {
      [a] = await ds.query('SELECT title, body FROM kb_articles WHERE id = $1', [String(req.params.id)]);
    } catch {
      res.status(503).type('text/plain').send('the help center is unavailable');
      return;
    }
    res.set('cache-control', 'public, max-age=60');
    if (!a) {
      res.status(404).type('text/plain').send('no such article');
      return;
    }
    const paragraphs = a.body
      .split(/\n{2,}/)
      .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
      .join('\n');
    res
      .type('html')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
          `<meta name="viewport" content="width=device-width, initial-scale=1">` +
          `<title>${escapeHtml(a.title)}</title>` +
          `<style>body{font:16px/1.55 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1f2328}</style>` +
          `</head><body><main><h1>${escapeHtml(a.title)}</h1>\n${paragraphs}</main></body></html>`,
      );
  });
}
