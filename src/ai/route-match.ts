/** `/reports/:id` matches `/reports/2210`; a trailing slash or query string does not matter. */
export function routeMatches(pattern: string, route: string | null | undefined): boolean {
  if (!route) return false;
  const clean = (s: string) => s.split(/[?#]/)[0].replace(/\/+$/, '') || '/';
  const p = clean(pattern).split('/');
  const r = clean(route).split('/');
  if (p.length !== r.length) return false;
  return p.every((seg, i) => (seg.startsWith(':') ? r[i].length > 0 : seg.toLowerCase() === r[i].toLowerCase()));
}
