import { useState } from 'preact/hooks';
import { go, href, parseRoute } from '../router';
import { ArticleEditor } from './ArticleEditor';
import { ArticleList } from './ArticleList';
import { SuggestionDetail } from './SuggestionDetail';
import { SuggestionList } from './SuggestionList';

/**
 * Knowledge: the learning loop's suggestions (reviewed by leads and admins) and the knowledge base itself. Paths:
 * /console/knowledge (suggestions), /knowledge/suggestions/<id>, /knowledge/articles[/<id> | /new].
 */
export function KnowledgeScreen({ item }: { item: string | null }) {
  const [kind, id] = (item ?? 'suggestions').split('/');
  const articles = kind === 'articles';
  // Bumped by a save or a decision: the list beside it reads again.
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const tab = (to: string, label: string, current: boolean) => (
    <a
      href={href({ ...parseRoute(), screen: 'knowledge', item: to })}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        go('knowledge', to);
      }}
    >
      {label}
    </a>
  );
  return (
    <div class="split">
      <div class="split-list">
        <nav class="tabs-nav" aria-label="Knowledge">
          {tab('suggestions', 'Suggestions', !articles)}
          {tab('articles', 'Articles', articles)}
        </nav>
        {articles ? (
          <ArticleList selected={id ?? null} version={version} />
        ) : (
          <SuggestionList selected={id ?? null} version={version} />
        )}
      </div>
      <div class="split-detail">
        {articles ? (
          id ? (
            <ArticleEditor key={id} id={id === 'new' ? null : id} onChanged={changed} />
          ) : (
            <div class="empty">
              <p>Pick an article, search, or add one.</p>
              <p class="muted">Every save is a new version; the AI answers from the newest within seconds.</p>
            </div>
          )
        ) : id ? (
          <SuggestionDetail key={id} id={id} onChanged={changed} />
        ) : (
          <div class="empty">
            <p>Pick a suggestion to review.</p>
            <p class="muted">
              Drafts made from agents’ answers, with how many past escalations they would have answered.
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
