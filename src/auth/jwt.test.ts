import jwt from 'jsonwebtoken';
import { principalFromAuthorization, signToken } from './jwt';

const secret = 'a-test-secret-of-some-length';

describe('bearer tokens', () => {
  it('round-trips a principal', () => {
    const t = signToken(secret, { sub: 'cus-01', role: 'customer', name: 'Ana' });
    expect(principalFromAuthorization(secret, `Bearer ${t}`)).toEqual({ sub: 'cus-01', role: 'customer', name: 'Ana' });
  });

  it('treats a missing header as anonymous and anything invalid as UNAUTHENTICATED', () => {
    expect(principalFromAuthorization(secret, undefined)).toBeNull();
    const other = signToken('another-secret-entirely', { sub: 'cus-01', role: 'admin' });
    const noRole = jwt.sign({ sub: 'x', role: 'root' }, secret);
    const none = jwt.sign({ sub: 'x', role: 'admin' }, '', { algorithm: 'none' });
    for (const h of [`Bearer ${other}`, `Bearer ${noRole}`, `Bearer ${none}`, 'Basic abc', 'Bearer']) {
      expect(() => principalFromAuthorization(secret, h)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    }
  });
});
