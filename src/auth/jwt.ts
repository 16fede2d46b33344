import jwt from 'jsonwebtoken';
import { AppError, ErrorCode } from '../errors';

import { ROLES, type Role } from '../../domain/vocabulary';

export { ROLES, type Role };

export interface Principal {
  /** Customer id (cus-01…) for customers, agent id (agt-1…) for agents, any id for admins. */
  sub: string;
  role: Role;
  name?: string;
}

export function signToken(
  secret: string,
  principal: Principal,
  expiresIn: jwt.SignOptions['expiresIn'] = '12h',
): string {
  return jwt.sign({ sub: principal.sub, role: principal.role, name: principal.name }, secret, {
    algorithm: 'HS256',
    expiresIn,
  });
}

/** Reads `Bearer <jwt>`; null when absent, UNAUTHENTICATED when present but not valid. */
export function principalFromAuthorization(secret: string, header: unknown): Principal | null {
  if (header === undefined || header === null || header === '') return null;
  if (typeof header !== 'string' || !/^Bearer\s+\S+$/i.test(header.trim())) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'authorization must be "Bearer <token>"');
  }
  const token = header.trim().split(/\s+/)[1];
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, secret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
  } catch {
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'the bearer token is invalid or expired');
  }
  if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role)) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'the bearer token lacks a valid sub or role');
  }
  return {
    sub: claims.sub,
    role: claims.role as Role,
    name: typeof claims.name === 'string' ? claims.name : undefined,
  };
}
