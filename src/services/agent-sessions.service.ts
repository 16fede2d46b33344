import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { signToken, type JwtSettings } from '../auth/jwt';
import { AgentEntity } from '../db/entities';
import { AppError, badInput, ErrorCode, forbidden, notFound } from '../errors';

export interface AgentSessionOptions {
  auth: JwtSettings;
  sessionTtlSeconds: number;
  accessTokenTtlSeconds: number;
  /** How long a rotated refresh token still answers (concurrent refreshes); later it counts as a replay. */
  reuseSeconds: number;
}

export interface SessionAgent {
  id: string;
  name: string;
  email: string;
  tier: string;
}

/** What sign-in and refresh answer; `refreshToken` goes into the cookie only, never into a response body. */
export interface IssuedSession {
  accessToken: string;
  expiresAt: Date;
  agent: SessionAgent;
  refreshToken: string;
  refreshExpiresAt: Date;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const publicAgent = (a: AgentEntity): SessionAgent => ({ id: a.id, name: a.name, email: a.email, tier: a.tier });
const refused = () => new AppError(ErrorCode.UNAUTHENTICATED, 'no valid console session');

/**
 * Console sessions: an opaque refresh token (stored hashed, rotated on every use) and the short-lived access JWT the
 * API already accepts for agents. Single sign-on will issue the same pair through `open`.
 */
export class AgentSessionService {
  constructor(
    private readonly ds: DataSource,
    private readonly opts: AgentSessionOptions,
  ) {}

  /** The seeded agents, for the development sign-in page. */
  async devAgents(): Promise<SessionAgent[]> {
    const rows = await this.ds.getRepository(AgentEntity).find({ order: { name: 'ASC', id: 'ASC' } });
    return rows.filter((a) => !a.disabledAt).map(publicAgent);
  }

  /** Development sign-in: a session for any existing agent (the route exists only when DEV_SIGN_IN is on). */
  async devSignIn(agentId: unknown): Promise<IssuedSession> {
    if (typeof agentId !== 'string' || agentId.length === 0 || agentId.length > 64)
      throw badInput('agentId is required');
    const agent = await this.ds.getRepository(AgentEntity).findOneBy({ id: agentId });
    if (!agent) throw notFound('agent');
    if (agent.disabledAt) throw forbidden('this agent is disabled');
    return this.open(agent);
  }

  /**
   * Single sign-on: the agent whose email the identity provider vouched for (case-insensitive). Nobody else gets in,
   * whatever the IdP says: the agent must exist here first (an admin adds or invites them) and not be disabled.
   */
  async signInByEmail(email: string | null, emailVerified: boolean | undefined): Promise<IssuedSession> {
    if (!email) throw forbidden('the identity provider did not share an email address, so no agent can be matched');
    if (emailVerified === false) throw forbidden(`the identity provider has not verified ${email}`);
    const rows = await this.ds
      .getRepository(AgentEntity)
      .createQueryBuilder('a')
      .where('lower(a.email) = lower(:email)', { email })
      .orderBy('a.id')
      .getMany();
    if (rows.length === 0) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        `No agent has the email ${email}: ask an admin to add you to the support team`,
        'NO_SUCH_AGENT',
      );
    }
    if (rows.length > 1) throw forbidden(`more than one agent has the email ${email}: ask an admin to fix the team`);
    if (rows[0].disabledAt) throw forbidden(`the agent ${email} is disabled`);
    return this.open(rows[0]);
  }

  /** A new session family for an agent who proved who they are (development sign-in today, OIDC later). */
  async open(agent: AgentEntity): Promise<IssuedSession> {
    const expiresAt = new Date(Date.now() + this.opts.sessionTtlSeconds * 1000);
    return this.ds.transaction(async (m) => {
      // Sessions that ended a day ago answer nothing any more (a replay of theirs is refused either way): dropped here.
      await m.query(`DELETE FROM agent_sessions WHERE agent_id = $1 AND expires_at < now() - interval '1 day'`, [
        agent.id,
      ]);
      return this.issue(m, agent, randomUUID(), expiresAt);
    });
  }

  /**
   * Rotates a refresh token: the presented one is marked rotated and the next one of its family returned. A rotated
   * token still answers for `reuseSeconds` (two tabs, or a retried request, refreshing at once); presented later it
   * was replayed or stolen, and the whole family ends. A revoked family (signed out) and an agent row that no longer
   * exists refuse the refresh.
   */
  async refresh(refreshToken: string | undefined): Promise<IssuedSession> {
    if (!refreshToken) throw refused();
    const outcome = await this.ds.transaction(async (m) => {
      const rows: Array<{
        family_id: string;
        agent_id: string;
        expires_at: Date;
        revoked_at: Date | null;
        rotated_at: Date | null;
      }> = await m.query(
        `SELECT family_id, agent_id, expires_at, revoked_at, rotated_at FROM agent_sessions
          WHERE token_hash = $1 FOR UPDATE`,
        [hash(refreshToken)],
      );
      const row = rows[0];
      if (!row || row.revoked_at || row.expires_at.getTime() <= Date.now()) return null;
      if (row.rotated_at && Date.now() - row.rotated_at.getTime() > this.opts.reuseSeconds * 1000) {
        await m.query('UPDATE agent_sessions SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [
          row.family_id,
        ]);
        return 'replayed' as const;
      }
      if (!row.rotated_at)
        await m.query('UPDATE agent_sessions SET rotated_at = now() WHERE token_hash = $1', [hash(refreshToken)]);
      // An agent who was deleted or disabled since signing in gets no fresh access token.
      const agent = await m.getRepository(AgentEntity).findOneBy({ id: row.agent_id });
      if (!agent || agent.disabledAt) return null;
      return this.issue(m, agent, row.family_id, row.expires_at);
    });
    // The family's revocation is committed before the refusal is answered.
    if (!outcome || outcome === 'replayed') throw refused();
    return outcome;
  }

  /** Revokes the session the token belongs to (its whole family); unknown tokens are ignored. */
  async signOut(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    await this.ds.query(
      `UPDATE agent_sessions SET revoked_at = now()
       WHERE family_id = (SELECT family_id FROM agent_sessions WHERE token_hash = $1) AND revoked_at IS NULL`,
      [hash(refreshToken)],
    );
  }

  private async issue(m: EntityManager, agent: AgentEntity, familyId: string, expiresAt: Date): Promise<IssuedSession> {
    const refreshToken = randomBytes(32).toString('base64url');
    await m.query('INSERT INTO agent_sessions (token_hash, family_id, agent_id, expires_at) VALUES ($1, $2, $3, $4)', [
      hash(refreshToken),
      familyId,
      agent.id,
      expiresAt,
    ]);
    const ttl = this.opts.accessTokenTtlSeconds;
    const accessToken = signToken(
      this.opts.auth,
      { sub: agent.id, role: agent.role === 'admin' ? 'admin' : 'agent', name: agent.name },
      ttl,
    );
    return {
      accessToken,
      expiresAt: new Date(Date.now() + ttl * 1000),
      agent: publicAgent(agent),
      refreshToken,
      refreshExpiresAt: expiresAt,
    };
  }
}
