import { ROLES, signToken, type Role } from '../auth/jwt';
import { runMain } from './run-main';

/** npm run token -- --role customer --sub cus-01 [--name "Ana"] [--expires 12h] */
runMain('token', async (config) => {
  const args = process.argv.slice(2);
  const get = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const role = (get('--role') ?? 'customer') as Role;
  const sub = get('--sub') ?? (role === 'customer' ? 'cus-01' : role === 'agent' ? 'agt-1' : 'admin-1');
  if (!ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  const expires = (get('--expires') ?? '12h') as `${number}h`;
  process.stdout.write(signToken(config.auth.jwtSecret, { sub, role, name: get('--name') }, expires) + '\n');
});
