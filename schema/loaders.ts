import DataLoader from 'dataloader';
import type { CustomerEntity } from '../src/db/entities';
import type { CustomersService } from '../src/services/customers.service';

/** Per-request loaders: every relation field goes through one, so a list of N conversations costs one query. */
export function createLoaders(deps: { customers: CustomersService }) {
  return {
    customer: new DataLoader<string, CustomerEntity | null>(async (ids) => {
      const rows = await deps.customers.byIds([...ids]);
      const byId = new Map(rows.map((c) => [c.id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
