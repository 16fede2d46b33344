/** Where a problem is in the text an admin edits: the line of a JSON syntax error, or of the field a path names. */

export interface Located {
  path: string;
  message: string;
  line: number | null;
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** `JSON.parse`'s complaint, with the line it points at (V8 says "at position N", newer ones "line L column C"). */
export function syntaxProblem(text: string, err: Error): Located {
  const lc = /line (\d+) column (\d+)/.exec(err.message);
  const pos = /position (\d+)/.exec(err.message);
  const line = lc ? Number(lc[1]) : pos ? lineAt(text, Number(pos[1])) : null;
  return { path: '', message: `Not valid JSON: ${err.message.replace(/^JSON\.parse: /, '')}`, line };
}

/** The line of `sla.ladder[0].action` in the text: each key searched after the previous one (good enough to point). */
export function lineOfPath(text: string, path: string): number | null {
  if (!path) return null;
  let at = 0;
  for (const part of path.split(/\.|\[|\]/).filter(Boolean)) {
    if (/^\d+$/.test(part)) continue;
    const i = text.indexOf(`"${part}"`, at);
    if (i < 0) return at > 0 ? lineAt(text, at) : null;
    at = i + part.length + 2;
  }
  return lineAt(text, at);
}
