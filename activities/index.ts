import type { DataSource } from 'typeorm';
import { KbCache } from '../src/ai/kb-cache';
import { createLocalAnswerer } from '../src/ai/local-answerer';
import { createOpenAiAnswerer } from '../src/ai/openai-answerer';
import type { AppConfig } from '../src/config';
import { NoBilling } from '../src/integrations/billing/billing.provider';
import { BuiltinCrm } from '../src/integrations/crm/crm.provider';
import { MessageStore } from '../src/services/message-store';
import { PolicyService } from '../src/services/policy.service';
import { createAiActivities } from './ai/ai.activities';
import { createContextActivities } from './context/context.activities';
import { createHandoffActivities } from './context/handoff.activities';
import { createNotifyActivities, InAppSink } from './notify/notify.activities';
import { createStoreActivities } from './store/store.activities';

export interface ActivityDeps {
  ds: DataSource;
  ai: AppConfig['ai'];
}

/** Activities receive their clients here (dependency injection), so tests and the worker build them the same way. */
export function createActivities(deps: ActivityDeps) {
  const store = new MessageStore(deps.ds);
  const kb = new KbCache(deps.ds);
  const answerer = deps.ai.provider === 'openai' ? createOpenAiAnswerer(kb, deps.ai) : createLocalAnswerer(kb);
  return {
    ...createStoreActivities(store, new PolicyService(deps.ds)),
    ...createContextActivities({ ds: deps.ds, store, crm: new BuiltinCrm(deps.ds), billing: new NoBilling() }),
    ...createHandoffActivities({ ds: deps.ds }),
    ...createAiActivities({ answerer }),
    ...createNotifyActivities([new InAppSink(deps.ds)]),
  };
}

export type Activities = ReturnType<typeof createActivities>;
