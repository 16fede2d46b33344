import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Role } from '../src/auth/jwt';
import type { RateBucket } from '../src/config/api-limits';
import type { GraphQLContext } from './context';

/**
 * Which rate-limit bucket a mutation counts against. Mutations not named here count as `messages` for customers and
 * `staff` for agents and admins. Ephemeral signals (typing) have their own bucket and never count as messages: name
 * a new one here.
 */
export const MUTATION_BUCKETS: Readonly<Record<string, RateBucket>> = {
  startConversation: 'conversations',
  prepareConversation: 'conversations',
  typing: 'typing',
  setTyping: 'typing',
  sendTyping: 'typing',
};

export function bucketOf(mutation: string, role: Role, visitor = false): RateBucket {
  const bucket = MUTATION_BUCKETS[mutation] ?? (role === 'customer' ? 'messages' : 'staff');
  // Anonymous visitors count against tighter buckets of their own (typing stays as it is).
  if (visitor && bucket === 'messages') return 'visitorMessages';
  if (visitor && bucket === 'conversations') return 'visitorConversations';
  return bucket;
}

/** The conversation a mutation acts on, when it names one (`conversationId`, or `input.conversationId`). */
function conversationIdOf(args: Record<string, unknown>): string | null {
  const direct = args.conversationId;
  if (typeof direct === 'string') return direct;
  const nested = (args.input as { conversationId?: unknown } | undefined)?.conversationId;
  return typeof nested === 'string' ? nested : null;
}

/**
 * Every mutation, before its resolver runs: the caller's rate limit for its bucket, then, for one that acts on a
 * conversation, the per-conversation bound on Workflow Updates in flight. Applied to the built schema so a new
 * mutation is covered without a decorator (and no other field pays for it).
 */
export function withMutationLimits(schema: GraphQLSchema): GraphQLSchema {
  const fields = schema.getMutationType()?.getFields() ?? {};
  for (const field of Object.values(fields)) {
    const resolve: GraphQLFieldResolver<unknown, GraphQLContext> = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args: Record<string, unknown>, ctx: GraphQLContext, info) => {
      if (ctx.limits && !ctx.principal && info.fieldName === 'startVisitorSession') {
        // Anyone may ask to be a visitor: each address gets so many new sessions.
        await ctx.limits.rates.consume('visitorSessions', {
          sub: `addr:${ctx.clientAddress ?? '?'}`,
          role: 'customer',
        });
      }
      if (!ctx.limits || !ctx.principal) return resolve(source, args, ctx, info);
      const p = ctx.principal;
      await ctx.limits.rates.consume(bucketOf(info.fieldName, p.role, p.visitor === true), p);
      const conversationId = conversationIdOf(args);
      const run = async () => resolve(source, args, ctx, info);
      return conversationId ? ctx.limits.updates.run(conversationId, run) : run();
    };
  }
  return schema;
}
