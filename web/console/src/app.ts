import { GraphQLClient } from './api/client';
import { Realtime } from './api/realtime';
import { SessionManager } from './api/session';

/** The console's one session, HTTP client and socket, shared by every screen. */
export const session = new SessionManager();
export const api = new GraphQLClient(session);
export const realtime = new Realtime(session);
