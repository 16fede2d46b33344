import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { EscalationPolicyDocument } from '../../domain/escalation';
import { policyProblems } from '../../domain/policy/document';
import type { PolicySnapshot } from '../../domain/policy/sla';
import { EscalationPolicyEntity } from '../db/entities';
import { storedPolicyDocument } from '../db/json/report-json';
import { badInput } from '../errors';
import { logger } from '../logger';
import { swallowedErrors } from '../observability/metrics';
import { repoRoot } from '../paths';
import type { PolicyGateway } from '../temporal/policy-gateway';

const log = logger('policy');

/** The policy the labels assume (data/demo/policy.json, a copy of the team's shared/data/policy.json). */
export function defaultPolicyDocument(): EscalationPolicyDocument {
  return JSON.parse(
    readFileSync(path.join(repoRoot(), 'data', 'demo', 'policy.json'), 'utf8'),
  ) as EscalationPolicyDocument;
}

/** Versioned escalation policy: each change is a new integer version with its author and time. */
export class PolicyService {
  /** The newest version this process has read, validated (see current). */
  private newest: PolicySnapshot | null = null;

  constructor(
    private readonly ds: DataSource,
    /** Present in the API: a new version is rolled out to waiting conversations so their SLA timers follow it. */
    private readonly temporal?: PolicyGateway,
  ) {}

  private get repo() {
    return this.ds.getRepository(EscalationPolicyEntity);
  }

  async currentEntity(): Promise<EscalationPolicyEntity> {
    const [latest] = await this.repo.find({ order: { version: 'DESC' }, take: 1 });
    if (latest) return latest;
    // First use: the default becomes version 1 (a concurrent first use loses the insert race harmlessly).
    await this.ds.query(
      `INSERT INTO escalation_policies (version, document, created_by) VALUES (1, $1, 'system') ON CONFLICT (version) DO NOTHING`,
      [JSON.stringify(defaultPolicyDocument())],
    );
    return (await this.repo.findOneBy({ version: 1 }))!;
  }

  /**
   * The newest version. A version never changes once stored (an update inserts the next one), so every AI turn reads
   * only the newest version number; the document is read and validated once per version (the validation was most
   * of a turn's policy cost). Callers share the snapshot: it is read, never changed.
   */
  async current(): Promise<PolicySnapshot> {
    const [newest] = (await this.ds.query(
      'SELECT version FROM escalation_policies ORDER BY version DESC LIMIT 1',
    )) as Array<{ version: number }>;
    const known = this.newest;
    if (known && newest?.version === known.version) return known;
    const e = await this.currentEntity();
    const snapshot = { version: e.version, document: storedPolicyDocument(e.version, e.document) };
    this.newest = snapshot;
    return snapshot;
  }

  /** Validates the whole document first: nothing is stored unless every part of it is valid. */
  async update(document: unknown, author: string): Promise<EscalationPolicyEntity> {
    const problems = policyProblems(document);
    if (problems.length > 0) throw badInput(`invalid escalation policy: ${problems.join('; ')}`);
    await this.currentEntity();
    const rows: Array<{ version: number }> = await this.ds.query(
      `INSERT INTO escalation_policies (version, document, created_by)
       SELECT COALESCE(MAX(version), 0) + 1, $1, $2 FROM escalation_policies RETURNING version`,
      [JSON.stringify(document), author],
    );
    const saved = (await this.repo.findOneBy({ version: rows[0].version }))!;
    await this.rollOut(saved.version);
    return saved;
  }

  /**
   * Conversations in AI_ACTIVE pick the version up at their next turn; waiting ones re-plan their ladder when the
   * rollout workflow reaches them (it retries each signal until it lands).
   */
  private async rollOut(version: number): Promise<void> {
    if (!this.temporal) return;
    try {
      await this.temporal.startPolicyRollout({ version });
    } catch (err) {
      // The version is stored and every conversation reads it at its next turn, so the admin's change stands; only
      // the waiting conversations keep their current ladder until then. Loud, counted, and not a failed mutation.
      swallowedErrors.inc({ where: 'policy_rollout_start' });
      log.error('policy version stored, but its rollout to waiting conversations did not start', {
        version,
        error: String(err),
      });
    }
  }
}
