import type { DataSource } from 'typeorm';
import { KbSearch } from '../src/ai/kb-search';
import { createLocalAnswerer } from '../src/ai/local-answerer';
import { NoBilling } from '../src/integrations/billing/billing.provider';
import { BuiltinCrm } from '../src/integrations/crm/crm.provider';
import { MessageStore } from '../src/services/message-store';
import { createAiActivities } from './ai/ai.activities';
import { createContextActivities } from './context/context.activities';
import { createStoreActivities } from './store/store.activities';

export interface ActivityDeps {
  ds: DataSource;
}

/** Activities receive their clients here (dependency injection), so tests and the worker build them the same way. */
export function createActivities(deps: ActivityDeps) {
  const store = new MessageStore(deps.ds);
  const answerer = createLocalAnswerer(new KbSearch(deps.ds));
  return {
    ...createStoreActivities(store),
    ...createContextActivities({ ds: deps.ds, store, crm: new BuiltinCrm(deps.ds), billing: new NoBilling() }),
    ...createAiActivities({ answerer }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
