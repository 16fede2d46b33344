import { articleProblems, articleSlug, parseJsonArticles, parseMarkdownArticles } from './article-import';

describe('importing knowledge-base articles', () => {
  it('reads one article per Markdown heading, with its tags, routes and id lines', () => {
    const md = [
      'Exported from the old help centre.',
      '# Rotate an API key',
      'Tags: api, security',
      'Routes: /settings/api',
      '',
      'Open **Settings → API** and press *Rotate*.',
      '',
      '## Afterwards',
      'Old keys stop working after 24 hours.',
      '# Invite a teammate',
      'Id: kb-invite',
      'Go to Team and press Invite.',
    ].join('\r\n');
    expect(parseMarkdownArticles(md)).toEqual([
      {
        id: null,
        title: 'Rotate an API key',
        body: 'Open **Settings → API** and press *Rotate*.\n\n## Afterwards\nOld keys stop working after 24 hours.',
        tags: ['api', 'security'],
        routes: ['/settings/api'],
      },
      { id: 'kb-invite', title: 'Invite a teammate', body: 'Go to Team and press Invite.', tags: [], routes: [] },
    ]);
  });

  it('reads a JSON list or { articles }, and names every entry it cannot use', () => {
    const ok = parseJsonArticles(JSON.stringify({ articles: [{ title: 'T one', body: 'A body long enough' }] }));
    expect(ok).toEqual({
      drafts: [{ id: null, title: 'T one', body: 'A body long enough', tags: [], routes: [] }],
      problems: [],
    });
    expect(parseJsonArticles('[{"title": 1}, {"title": "x", "body": "y", "tags": "a"}, 3]').problems).toEqual([
      'articles[0] needs a title and a body (strings)',
      'articles[1] tags and routes must be lists of strings',
      'articles[2] is not an object',
    ]);
    expect(parseJsonArticles('{').problems[0]).toMatch(/^the JSON does not parse/);
    expect(parseJsonArticles('{"x": 1}').problems).toEqual(['expected a list of articles, or { "articles": [...] }']);
  });

  it('checks ids, lengths and routes, and makes readable ids', () => {
    expect(articleProblems({ id: 'Bad Id', title: 'ab', body: 'short', tags: [], routes: ['settings'] }, 'a')).toEqual([
      'a: id must be 2-64 lower-case letters, digits and dashes',
      'a: the title must be 3 to 200 characters',
      'a: the body must be 10 to 20000 characters',
      'a: routes start with "/"',
    ]);
    expect(articleSlug('Export a Dashboard to PDF!')).toBe('kb-export-a-dashboard-to-pdf');
  });
});
