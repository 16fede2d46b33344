import { detectAccountIntent } from './account/intents';
import type { KbSource } from './kb-cache';
import { createLocalAnswerer } from './local-answerer';

/**
 * Everything the first AI turn would otherwise do once on the event loop: read the KB and build its index (through
 * the same source the activities use, so they find it built), compile the analysis' and the account intents'
 * patterns. No network and no model call, whatever the provider: the local analysis runs under the model too.
 */
export async function warmUpAnalysis(kb: KbSource): Promise<void> {
  for (const question of ['How do I change my password?', 'Is my last invoice paid?']) detectAccountIntent(question);
  await createLocalAnswerer(kb).invoke({ question: 'How do I change my password?', previousTurns: [] });
}
