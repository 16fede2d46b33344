import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { repoRoot } from '../paths';

interface SeedCustomer {
  id: string;
  name: string;
  email: string;
  company?: string;
  tier: string;
  plan?: string;
  seats?: number;
  mrrUsd?: number;
  country?: string;
  createdAt?: string;
  notes?: string;
}
interface SeedAgent {
  id: string;
  name: string;
  email: string;
  tier: string;
  skills?: string[];
  timezone?: string;
  onCall?: boolean;
  /** 'admin': signs in to the console as an admin (policy, team), takes no conversations. */
  role?: 'agent' | 'admin';
}
interface SeedArticle {
  id: string;
  title: string;
  body: string;
  tags?: string[];
  routes?: string[];
}

/** ../shared/data when present (the team's evaluation data), else the copy this repository ships. */
export function defaultSeedDir(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  const shared = path.resolve(repoRoot(), '..', 'shared', 'data');
  return existsSync(path.join(shared, 'kb.json')) ? shared : path.join(repoRoot(), 'data', 'demo');
}

function readJson<T>(dir: string, file: string): T {
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T;
}

/**
 * Agents from a seed that names no admin (e.g. `../shared/data`), with the demo's console admin added: the console's
 * admin screens (policy, team, numbers) need someone who may sign in to them.
 */
function withConsoleAdmin(agents: SeedAgent[]): SeedAgent[] {
  if (agents.some((a) => a.role === 'admin')) return agents;
  const demo = readJson<SeedAgent[]>(path.join(repoRoot(), 'data', 'demo'), 'agents.json');
  return [...agents, ...demo.filter((a) => a.role === 'admin' && !agents.some((b) => b.id === a.id))];
}

/** Upserts the demo knowledge base, customers and agents; safe to run any number of times. */
export async function seedDemoData(
  ds: DataSource,
  dir: string,
): Promise<{ customers: number; agents: number; articles: number }> {
  const customers = readJson<SeedCustomer[]>(dir, 'customers.json');
  const agents = withConsoleAdmin(readJson<SeedAgent[]>(dir, 'agents.json'));
  const articles = readJson<SeedArticle[]>(dir, 'kb.json');
  await ds.transaction(async (m) => {
    for (const c of customers) {
      await m.query(
        `INSERT INTO customers (id, name, email, company, tier, plan, seats, mrr_usd, country, notes, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10, COALESCE($11::timestamptz, now()))
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, company = EXCLUDED.company,
           tier = EXCLUDED.tier, plan = EXCLUDED.plan, seats = EXCLUDED.seats, mrr_usd = EXCLUDED.mrr_usd,
           country = EXCLUDED.country, notes = EXCLUDED.notes`,
        [
          c.id,
          c.name,
          c.email,
          c.company ?? null,
          c.tier,
          c.plan ?? null,
          c.seats ?? 0,
          c.mrrUsd ?? 0,
          c.country ?? null,
          c.notes ?? null,
          c.createdAt ?? null,
        ],
      );
    }
    for (const a of agents) {
      await m.query(
        `INSERT INTO agents (id, name, email, tier, skills, timezone, on_call, role) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, tier = EXCLUDED.tier,
           skills = EXCLUDED.skills, timezone = EXCLUDED.timezone, on_call = EXCLUDED.on_call, role = EXCLUDED.role`,
        [a.id, a.name, a.email, a.tier, a.skills ?? [], a.timezone ?? 'UTC', a.onCall ?? false, a.role ?? 'agent'],
      );
    }
    for (const k of articles) {
      await m.query(
        `INSERT INTO kb_articles (id, title, body, tags, routes, keywords) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, tags = EXCLUDED.tags,
           routes = EXCLUDED.routes, keywords = EXCLUDED.keywords,
           version = CASE WHEN kb_articles.body IS DISTINCT FROM EXCLUDED.body OR kb_articles.title IS DISTINCT FROM EXCLUDED.title
                          THEN kb_articles.version + 1 ELSE kb_articles.version END,
           updated_at = now()`,
        [k.id, k.title, k.body, k.tags ?? [], k.routes ?? [], (k.tags ?? []).join(' ')],
      );
    }
  });
  return { customers: customers.length, agents: agents.length, articles: articles.length };
}
