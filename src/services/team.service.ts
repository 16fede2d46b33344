import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AGENT_TIERS, type AgentTier } from '../../domain/vocabulary';
import type { Principal } from '../auth/jwt';
import { AgentEntity } from '../db/entities';
import { badInput, conflict, forbidden, notFound } from '../errors';
import type { AgentAvailability } from './agent-availability';

export interface AgentProfileInput {
  name?: string | null;
  tier?: AgentTier | null;
  skills?: string[] | null;
  onCall?: boolean | null;
  capacity?: number | null;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
const SKILL = /^[a-z][a-z0-9_-]{0,31}$/;
export const MAX_CAPACITY = 100;

/** A name to start with, from the address: `nina.patel@…` → `Nina Patel`. The agent's sign-in may correct it. */
const nameFromEmail = (email: string) =>
  email
    .split('@')[0]
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');

/** The team as admins manage it: invite by email (single sign-on then matches the address), profile, capacity. */
export class TeamService {
  constructor(
    private readonly ds: DataSource,
    private readonly availability?: AgentAvailability,
  ) {}

  private admin(p: Principal): void {
    if (p.role !== 'admin') throw forbidden('only admins manage the team');
  }

  /**
   * An agent row for the address, OFFLINE until they sign in. The id is derived from the address, so a retried
   * invitation lands on the same agent; another agent already holding the address is a CONFLICT.
   */
  async invite(admin: Principal, email: string, profile: AgentProfileInput): Promise<AgentEntity> {
    this.admin(admin);
    const address = email.trim().toLowerCase();
    if (!EMAIL.test(address)) throw badInput('email must be an email address');
    const p = this.checked({ ...profile, tier: profile.tier ?? 'TIER1' });
    const id = `agt-${createHash('sha256').update(address).digest('hex').slice(0, 10)}`;
    const name = p.name ?? nameFromEmail(address);
    const holder: Array<{ id: string }> = await this.ds.query('SELECT id FROM agents WHERE lower(email) = $1', [
      address,
    ]);
    if (holder[0] && holder[0].id !== id) throw conflict(`${address} belongs to agent ${holder[0].id} already`);
    await this.ds.query(
      `INSERT INTO agents (id, name, email, tier, skills, on_call, capacity, invited_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [id, name, address, p.tier, p.skills ?? [], p.onCall ?? false, p.capacity ?? 5, admin.sub],
    );
    return this.agent(id);
  }

  async update(admin: Principal, agentId: string, profile: AgentProfileInput): Promise<AgentEntity> {
    this.admin(admin);
    const p = this.checked(profile);
    const rows: unknown[] = await this.ds.query(
      `WITH u AS (UPDATE agents SET name = COALESCE($2, name), tier = COALESCE($3, tier), skills = COALESCE($4, skills),
         on_call = COALESCE($5, on_call), capacity = COALESCE($6, capacity)
       WHERE id = $1 AND role = 'agent' RETURNING id) SELECT id FROM u`,
      [agentId, p.name ?? null, p.tier ?? null, p.skills ?? null, p.onCall ?? null, p.capacity ?? null],
    );
    if (rows.length === 0) throw notFound('agent');
    // More capacity, another tier, new skills: conversations already waiting may be theirs to take now.
    this.availability?.changed(agentId, 'profile_changed');
    return this.agent(agentId);
  }

  private checked(p: AgentProfileInput): AgentProfileInput {
    const name = p.name?.trim();
    if (p.name != null && (!name || name.length > 100)) throw badInput('name must be 1 to 100 characters');
    if (p.tier != null && !AGENT_TIERS.includes(p.tier))
      throw badInput(`tier must be one of ${AGENT_TIERS.join(', ')}`);
    const skills = p.skills?.map((s) => s.trim().toLowerCase());
    if (skills && (skills.length > 20 || skills.some((s) => !SKILL.test(s))))
      throw badInput('skills: at most 20, each a lower-case word (letters, digits, - or _), up to 32 characters');
    if (p.capacity != null && (!Number.isInteger(p.capacity) || p.capacity < 0 || p.capacity > MAX_CAPACITY))
      throw badInput(`capacity must be a whole number from 0 to ${MAX_CAPACITY}`);
    return { ...p, name: name ?? null, skills: skills ? [...new Set(skills)] : null };
  }

  private async agent(id: string): Promise<AgentEntity> {
    const a = await this.ds.getRepository(AgentEntity).findOneBy({ id });
    if (!a) throw notFound('agent');
    return a;
  }
}
