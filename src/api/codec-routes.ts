import cors from 'cors';
import express, { type Express, type Request, type RequestHandler } from 'express';
import type { Payload } from '@temporalio/common';
import { principalFromAuthorization } from '../auth/jwt';
import type { AppConfig } from '../config';
import { type EncryptionCodec, UnreadablePayloadError } from '../crypto/payload-codec';
import { AppError, ErrorCode } from '../errors';
import { logger } from '../logger';
import type { Services } from '../../schema/context';

const log = logger('codec');

/** The remote address is this machine, and no proxy in front forwarded someone else's request. */
export function fromLoopback(req: Request): boolean {
  const addr = req.socket.remoteAddress ?? '';
  const loopback = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/.test(addr);
  return loopback && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
}

type Guard = (req: Request) => 'ok' | { status: 401 | 403; code: string; message: string };

/** An admin's bearer token, or (for the codec endpoint only) a caller on this machine. */
function adminGuard(config: AppConfig, allowLoopback: boolean): Guard {
  return (req) => {
    if (allowLoopback && fromLoopback(req)) return 'ok';
    try {
      const p = principalFromAuthorization(config.auth, req.headers.authorization);
      if (p?.role === 'admin') return 'ok';
      if (!p) return { status: 401, code: ErrorCode.UNAUTHENTICATED, message: 'an admin bearer token is required' };
    } catch (err) {
      if (err instanceof AppError) return { status: 401, code: err.code, message: err.message };
      throw err;
    }
    return {
      status: 403,
      code: ErrorCode.FORBIDDEN,
      message: 'only admins (or callers on this machine) may call this',
    };
  };
}

const guarded =
  (guard: Guard): RequestHandler =>
  (req, res, next) => {
    const verdict = guard(req);
    if (verdict === 'ok') return next();
    res.status(verdict.status).json({ error: { code: verdict.code, message: verdict.message } });
  };

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

function fromJson(p: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) metadata[k] = Buffer.from(v, 'base64');
  return { metadata, data: Buffer.from(p.data ?? '', 'base64') };
}

function toJson(p: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) metadata[k] = Buffer.from(v ?? []).toString('base64');
  return { metadata, data: Buffer.from(p.data ?? []).toString('base64') };
}

function payloadsOf(body: unknown): JsonPayload[] | null {
  const list = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(list)) return null;
  return list.every((p) => p && typeof p === 'object') ? (list as JsonPayload[]) : null;
}

/**
 * The remote codec the Temporal Web UI and CLI speak (`POST /codec/encode`, `POST /codec/decode`, `{ payloads }` in
 * Temporal's JSON form): operators read decrypted histories. Reachable with an admin token or from loopback only;
 * CORS for the UI's origin. A payload whose key was shredded is answered as it is (still encrypted).
 */
export function mountCodecRoutes(app: Express, config: AppConfig, codec: EncryptionCodec, services: Services): void {
  const origins = new Set(config.dataProtection.codecCorsOrigins ?? [new URL(config.temporal.uiUrl).origin]);
  const uiCors = cors({
    origin: (origin, done) => done(null, origin !== undefined && origins.has(origin)),
    methods: ['POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'x-namespace'],
    credentials: true,
    maxAge: 600,
  });
  const guard = guarded(adminGuard(config, true));
  const json = express.json({ limit: '8mb' });
  app.options('/codec/:op', uiCors);
  for (const op of ['encode', 'decode'] as const) {
    app.post(`/codec/${op}`, uiCors, guard, json, async (req, res) => {
      const payloads = payloadsOf(req.body);
      if (!payloads) {
        res.status(400).json({ error: { code: ErrorCode.BAD_USER_INPUT, message: 'expected { "payloads": [...] }' } });
        return;
      }
      const input = payloads.map(fromJson);
      const out =
        op === 'encode'
          ? await codec.encode(input)
          : await Promise.all(
              input.map((p) =>
                codec.decode([p]).then(
                  ([d]) => d,
                  (err) => unreadable(err, p),
                ),
              ),
            );
      res.json({ payloads: out.map(toJson) });
    });
  }
  // The export as a file, for the same admins the GraphQL mutation serves (never from loopback alone).
  app.get(
    '/admin/customer-data/:customerId/export.json',
    guarded(adminGuard(config, false)),
    async (req, res, next) => {
      try {
        const admin = principalFromAuthorization(config.auth, req.headers.authorization)!;
        const customerId = String(req.params.customerId);
        const doc = await services.customerData.export(admin, customerId);
        res.setHeader(
          'content-disposition',
          `attachment; filename="customer-${customerId.replace(/[^\w.-]/g, '_')}.json"`,
        );
        res.setHeader('cache-control', 'no-store');
        res.json(doc);
      } catch (err) {
        if (err instanceof AppError && err.code === ErrorCode.NOT_FOUND) {
          res.status(404).json({ error: { code: err.code, message: err.message } });
        } else next(err);
      }
    },
  );
}

function unreadable(err: unknown, p: Payload): Payload {
  if (err instanceof UnreadablePayloadError) return p;
  log.error('codec endpoint could not decode a payload', { error: String(err) });
  throw err;
}
