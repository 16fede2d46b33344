import { routeMatches } from './route-match';

describe('page routes', () => {
  it('matches :id segments and ignores query strings and trailing slashes', () => {
    expect(routeMatches('/dashboards/:id', '/dashboards/2210')).toBe(true);
    expect(routeMatches('/dashboards/:id', '/dashboards/2210/?tab=share')).toBe(true);
    expect(routeMatches('/dashboards/:id', '/dashboards')).toBe(false);
    expect(routeMatches('/settings/billing', '/settings/security')).toBe(false);
    expect(routeMatches('/settings/billing', null)).toBe(false);
  });
});
