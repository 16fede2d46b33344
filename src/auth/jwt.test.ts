import jwt from 'jsonwebtoken';
import { principalFromAuthorization, signToken, verifyBearer } from './jwt';

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

describe('the verified-token cache', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers a token verified before only until its exp, and never for another secret or a changed token', () => {
    const t = signToken(secret, { sub: 'cus-07', role: 'customer' }, 60);
    const first = verifyBearer(secret, `Bearer ${t}`)!;
    expect(verifyBearer(secret, `Bearer ${t}`)).toEqual(first);
    expect(() => verifyBearer('another-secret-entirely', `Bearer ${t}`)).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
    const tampered = t.slice(0, -2) + (t.endsWith('AA') ? 'BB' : 'AA');
    expect(() => verifyBearer(secret, `Bearer ${tampered}`)).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
    jest.spyOn(Date, 'now').mockReturnValue(first.expiresAt + 1000);
    expect(() => verifyBearer(secret, `Bearer ${t}`)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });
});

describe('token lifetime and claims', () => {
  const settings = { jwtSecret: secret, maxLifetimeSeconds: 3600 };
  const now = Date.now();

  it('returns the expiry so an open WebSocket can be closed then', () => {
    const t = signToken(settings, { sub: 'cus-01', role: 'customer' }, 600);
    const v = verifyBearer(settings, `Bearer ${t}`, now);
    expect(v?.principal).toEqual({ sub: 'cus-01', role: 'customer', name: undefined });
    expect(Math.abs(v!.expiresAt - (now + 600_000))).toBeLessThan(2000);
  });

  it('refuses a token without exp, and one that lives longer than the configured maximum', () => {
    const noExp = jwt.sign({ sub: 'cus-01', role: 'customer' }, secret, { algorithm: 'HS256' });
    const tooLong = jwt.sign({ sub: 'cus-01', role: 'customer' }, secret, { algorithm: 'HS256', expiresIn: 7200 });
    const farExp = jwt.sign({ sub: 'cus-01', role: 'customer', exp: Math.floor(now / 1000) + 7200 }, secret, {
      algorithm: 'HS256',
      noTimestamp: true,
    });
    const expired = jwt.sign({ sub: 'cus-01', role: 'customer', exp: Math.floor(now / 1000) - 10 }, secret);
    for (const t of [noExp, tooLong, farExp, expired]) {
      expect(() => verifyBearer(settings, `Bearer ${t}`, now)).toThrow(
        expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      );
    }
  });

  it('checks iss and aud when configured', () => {
    const strict = { ...settings, issuer: 'https://auth.example.com', audience: 'support-api' };
    const good = signToken(strict, { sub: 'agt-1', role: 'agent' });
    expect(verifyBearer(strict, `Bearer ${good}`)?.principal.sub).toBe('agt-1');
    const plain = signToken(settings, { sub: 'agt-1', role: 'agent' });
    const otherAud = signToken({ ...strict, audience: 'billing' }, { sub: 'agt-1', role: 'agent' });
    const otherIss = signToken({ ...strict, issuer: 'https://evil.example.com' }, { sub: 'agt-1', role: 'agent' });
    for (const t of [plain, otherAud, otherIss]) {
      expect(() => verifyBearer(strict, `Bearer ${t}`)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    }
  });

  it('issues tokens no longer than the maximum lifetime by default', () => {
    const short = { jwtSecret: secret, maxLifetimeSeconds: 120 };
    const claims = jwt.decode(signToken(short, { sub: 'cus-01', role: 'customer' })) as jwt.JwtPayload;
    expect(claims.exp! - claims.iat!).toBe(120);
  });
});
