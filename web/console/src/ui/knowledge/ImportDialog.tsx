import { useState } from 'preact/hooks';
import { api } from '../../app';
import { ImportArticlesMutation } from '../../api/operations/knowledge';
import type { KbImportFormat } from '../../gql/graphql';
import { Dialog } from '../conversation/Dialog';

/** Markdown (one article per "# Title") or JSON, pasted or read from a file; all or nothing. */
export function ImportDialog({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const [format, setFormat] = useState<KbImportFormat>('MARKDOWN');
  const [content, setContent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = (await api.request(ImportArticlesMutation, { format, content })).importKbArticles;
      setResult(`Imported: ${r.created} new, ${r.updated} updated (${r.articles.map((a) => a.id).join(', ')}).`);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Import articles"
      onClose={onClose}
      onSubmit={() => (result ? onClose() : void submit())}
      submitLabel={result ? 'Done' : 'Import'}
      busy={busy}
      error={error}
    >
      <label for="imp-format">Format</label>
      <select id="imp-format" value={format} onChange={(e) => setFormat(e.currentTarget.value as KbImportFormat)}>
        <option value="MARKDOWN">Markdown: “# Title”, then Tags:, Routes:, Id: lines, then the body</option>
        <option value="JSON">
          JSON: [{'{'} "title", "body", "tags", "routes", "id" {'}'}]
        </option>
      </select>
      <label for="imp-file">From a file</label>
      <input
        id="imp-file"
        type="file"
        accept=".md,.markdown,.json,text/markdown,application/json"
        onChange={async (e) => {
          const f = e.currentTarget.files?.[0];
          if (!f) return;
          setContent(await f.text());
          if (f.name.endsWith('.json')) setFormat('JSON');
        }}
      />
      <label for="imp-content">Or paste it</label>
      <textarea
        id="imp-content"
        class="mono"
        rows={10}
        value={content}
        onInput={(e) => setContent(e.currentTarget.value)}
      />
      {result && (
        <p class="ok-text" role="status">
          {result}
        </p>
      )}
    </Dialog>
  );
}
