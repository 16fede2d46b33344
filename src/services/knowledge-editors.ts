import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/jwt';
import { forbidden } from '../errors';

/**
 * Who may change what the AI tells customers: admins and LEAD agents. Answers the id recorded as the author
 * (`admin:<sub>` for an admin, the agent's id for a lead); anyone else is FORBIDDEN.
 */
export async function knowledgeEditor(ds: DataSource, principal: Principal): Promise<string> {
  if (principal.role === 'admin') return `admin:${principal.sub}`;
  if (principal.role === 'agent') {
    const [agent]: Array<{ tier: string }> = await ds.query('SELECT tier FROM agents WHERE id = $1', [principal.sub]);
    if (agent?.tier === 'LEAD') return principal.sub;
  }
  throw forbidden('only admins and lead agents change the knowledge base');
}
