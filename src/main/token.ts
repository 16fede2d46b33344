import { ROLES, signToken, type Role } from '../auth/jwt';
import { runMain } from './run-main';

/** npm run token -- --role customer --sub cus-01 [--name "Ana"] [--expires 12h] (s, m, h or d; at most the maximum lifetime) */
runMain('token', async (config) => {
  const args = process.argv.slice(2);
  const get = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const role = (get('--role') ?? 'customer') as Role;
  const sub = get('--sub') ?? (role === 'customer' ? 'cus-01' : role === 'agent' ? 'agt-1' : 'admin-1');
  if (!ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  const expires = get('--expires');
  const m = expires === undefined ? null : /^(\d+)([smhd]?)$/.exec(expires);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 } as const;
  const seconds = expires === undefined ? undefined : m ? Number(m[1]) * unit[m[2] as keyof typeof unit] : NaN;
  if (seconds !== undefined && !(seconds > 0 && seconds <= config.auth.maxLifetimeSeconds)) {
    throw new Error(
      `--expires must be 1s to ${config.auth.maxLifetimeSeconds}s (AUTH_TOKEN_MAX_LIFETIME_SECONDS), e.g. 3600 or 12h`,
    );
  }
  process.stdout.write(signToken(config.auth, { sub, role, name: get('--name') }, seconds) + '\n');
});
