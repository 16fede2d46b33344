import type { AuthChecker } from 'type-graphql';
import { AppError, ErrorCode } from '../src/errors';
import type { GraphQLContext } from './context';

/** `@Authorized()` needs any caller; `@Authorized('agent', 'admin')` names the roles allowed. */
export const authChecker: AuthChecker<GraphQLContext> = ({ context }, roles) => {
  if (!context.principal) throw new AppError(ErrorCode.UNAUTHENTICATED, 'a valid bearer token is required');
  if (roles.length > 0 && !roles.includes(context.principal.role)) {
    throw new AppError(ErrorCode.FORBIDDEN, `this operation is for ${roles.join(' or ')} callers`);
  }
  return true;
};
