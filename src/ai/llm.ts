import { ChatOpenAI } from '@langchain/openai';

export interface OpenAiSettings {
  apiKey: string;
  baseUrl?: string;
  model: string;
  timeoutMs: number;
  /** OPENAI_EMBEDDINGS_MODEL: adds semantic retrieval beside the lexical one. */
  embeddingsModel?: string;
  /** OPENAI_FALLBACK_MODEL: the account agent asks this model when the first one fails. */
  fallbackModel?: string;
}

/**
 * The one chat model every LLM step uses: Chat Completions on any OpenAI-compatible server, deterministic, and no
 * retries of its own (Temporal retries the activity, with backoff, within the turn's budget).
 */
export function chatModel(settings: OpenAiSettings, model = settings.model): ChatOpenAI {
  return new ChatOpenAI({
    model,
    apiKey: settings.apiKey,
    configuration: settings.baseUrl ? { baseURL: settings.baseUrl } : undefined,
    timeout: settings.timeoutMs,
    maxRetries: 0,
    temperature: 0,
    useResponsesApi: false,
  });
}

/** Data never carries markup into a prompt: angle brackets become look-alikes, so no delimiter can be closed. */
export const fence = (s: string) => s.replace(/</g, '‹').replace(/>/g, '›');
