import jwt from 'jsonwebtoken';
import { hmacKey } from './hmac-key';
import { AppError, ErrorCode } from '../errors';

/**
 * The link in a reply email: signed (HS256 with the API's secret), expiring, naming one conversation and its
 * customer. It is no bearer token (no role, its own audience): it only tells the widget, once the host app has
 * signed the customer in, which conversation to open.
 */
const AUDIENCE = 'support-reply-link';
export const ReplyLinkReason = { EXPIRED: 'LINK_EXPIRED', INVALID: 'LINK_INVALID' } as const;
/** The query parameter the widget reads on the landing page. */
export const REPLY_LINK_PARAM = 'support_reply';

export interface ReplyLink {
  conversationId: string;
  customerId: string;
}

export function signReplyLink(secret: string, link: ReplyLink, expiresInSeconds: number): string {
  return jwt.sign({ sub: link.customerId, cid: link.conversationId }, hmacKey(secret), {
    algorithm: 'HS256',
    audience: AUDIENCE,
    expiresIn: expiresInSeconds,
  });
}

export function verifyReplyLink(secret: string, token: string): ReplyLink {
  try {
    const c = jwt.verify(token, hmacKey(secret), { algorithms: ['HS256'], audience: AUDIENCE }) as jwt.JwtPayload;
    if (typeof c.sub !== 'string' || typeof c.cid !== 'string' || typeof c.exp !== 'number') throw new Error('claims');
    return { conversationId: c.cid, customerId: c.sub };
  } catch (err) {
    if (err instanceof jwt.TokenExpiredError) {
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        'this link has expired; open the chat to see the conversation',
        ReplyLinkReason.EXPIRED,
      );
    }
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'this link is not valid', ReplyLinkReason.INVALID);
  }
}

/** The landing page with the link's token as a query parameter (kept beside any the page has). */
export function replyLinkUrl(landing: string, token: string): string {
  const url = new URL(landing);
  url.searchParams.set(REPLY_LINK_PARAM, token);
  return url.toString();
}
