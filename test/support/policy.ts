import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gql, token } from './stack';

/**
 * The escalation policy is one row set every test file shares (the newest version is in force), so a test that
 * publishes its own puts back the one it found: in `finally`, or in `afterAll` for a file-wide policy.
 */
export const demoPolicy: Record<string, any> = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'data', 'demo', 'policy.json'), 'utf8'),
);

const admin = token('admin', 'policy-tests');
const UPDATE = `mutation($d: JSON!) { updateEscalationPolicy(document: $d) { version createdBy createdAt document } }`;

/** The demo policy with claim targets and leases of `seconds`, for every tier. */
export function withSlaSeconds(
  timeToClaim: number,
  claimLease: number,
  base: Record<string, any> = demoPolicy,
): Record<string, any> {
  const perTier = (n: number) => ({ FREE: n, PRO: n, ENTERPRISE: n });
  return {
    ...base,
    sla: { ...base.sla, timeToClaimSeconds: perTier(timeToClaim), claimLeaseSeconds: perTier(claimLease) },
  };
}

export async function currentPolicy(port: number): Promise<Record<string, any>> {
  const r = await gql(port, admin, `{ escalationPolicy { document } }`);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.escalationPolicy.document;
}

/** Publishes a new version as an admin; returns it (version, createdBy, createdAt, document). */
export async function publishPolicy(port: number, document: unknown, auth = admin) {
  const r = await gql(port, auth, UPDATE, { d: document });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.updateEscalationPolicy as { version: number; createdBy: string; createdAt: string; document: any };
}

/**
 * A policy for the rest of this test file: publishes `document` and returns `restore`, which publishes again the
 * document in force before (call it from afterAll).
 */
export async function overridePolicy(port: number, document: unknown): Promise<{ restore(): Promise<void> }> {
  const previous = await currentPolicy(port);
  await publishPolicy(port, document);
  return {
    restore: async () => {
      await publishPolicy(port, previous);
    },
  };
}

/** Runs `fn` under `document`, then puts back the policy in force before, whatever `fn` did. */
export async function withPolicy<T>(
  port: number,
  document: unknown,
  fn: (published: Awaited<ReturnType<typeof publishPolicy>>) => Promise<T>,
  auth = admin,
): Promise<T> {
  const previous = await currentPolicy(port);
  const published = await publishPolicy(port, document, auth);
  try {
    return await fn(published);
  } finally {
    await publishPolicy(port, previous);
  }
}
