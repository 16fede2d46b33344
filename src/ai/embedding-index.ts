import { OpenAIEmbeddings } from '@langchain/openai';
import type { KbArticleInput } from './analysis/kb-index';

export interface EmbeddingSettings {
  apiKey: string;
  baseUrl?: string;
  model: string;
  timeoutMs: number;
}

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
};

/**
 * Optional semantic retrieval (OPENAI_EMBEDDINGS_MODEL): article vectors computed once per KB version, the
 * question embedded per turn, articles ranked by cosine similarity. It widens what the model is shown; the
 * confidence still rests on the lexical evidence and the model's citations.
 */
export class EmbeddingIndex {
  private readonly embeddings: OpenAIEmbeddings;
  private vectors = new Map<string, number[]>();
  private builtFor = new Map<string, string>();

  constructor(settings: EmbeddingSettings) {
    this.embeddings = new OpenAIEmbeddings({
      model: settings.model,
      apiKey: settings.apiKey,
      configuration: settings.baseUrl ? { baseURL: settings.baseUrl } : undefined,
      timeout: settings.timeoutMs,
      maxRetries: 0,
    });
  }

  private async ensure(articles: KbArticleInput[]): Promise<void> {
    const stale = articles.filter((a) => this.builtFor.get(a.id) !== `${a.title}\n${a.body}`);
    if (stale.length === 0) return;
    const vectors = await this.embeddings.embedDocuments(stale.map((a) => `${a.title}\n\n${a.body}`));
    stale.forEach((a, i) => {
      this.vectors.set(a.id, vectors[i]);
      this.builtFor.set(a.id, `${a.title}\n${a.body}`);
    });
  }

  async rank(
    question: string,
    articles: KbArticleInput[],
    limit = 3,
  ): Promise<Array<{ id: string; similarity: number }>> {
    await this.ensure(articles);
    const q = await this.embeddings.embedQuery(question);
    return articles
      .map((a) => ({ id: a.id, similarity: cosine(q, this.vectors.get(a.id) ?? []) }))
      .sort((x, y) => y.similarity - x.similarity)
      .slice(0, limit);
  }
}
