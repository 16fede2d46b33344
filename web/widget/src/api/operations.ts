/**
 * Every GraphQL operation the widget sends, with the shape of its result. The documents are checked against the
 * committed schema/schema.graphql by test/widget-operations.test.ts, so a contract change that breaks them fails there.
 */

export type ConversationStatus = 'AI_ACTIVE' | 'AWAITING_AGENT' | 'AGENT_ACTIVE' | 'RESOLVED' | 'CLOSED';
export type AuthorKind = 'CUSTOMER' | 'AI' | 'AGENT' | 'SYSTEM';

export interface Message {
  id: string;
  seq: number;
  authorKind: AuthorKind;
  authorName: string | null;
  body: string;
  clientMessageId: string | null;
  createdAt: string;
  ai: { confidence: number; sources: Array<{ id: string; title: string }>; inReplyToSeq: number | null } | null;
}

export interface Conversation {
  id: string;
  status: ConversationStatus;
  resolvedBy: 'AI' | 'AGENT' | null;
  queue: { position: number | null; estimatedWaitSeconds: number | null } | null;
  assigneeName: string | null;
}

export interface TypingEvent {
  authorKind: AuthorKind;
  name: string | null;
  typing: boolean;
}

const MESSAGE = `id seq authorKind authorName body clientMessageId createdAt ai { confidence sources { id title } inReplyToSeq }`;
const CONVERSATION = `id status resolvedBy queue { position estimatedWaitSeconds } assigneeName`;

export const START_WIDGET_SESSION = `mutation StartWidgetSession($identityToken: String!, $visitorToken: String) {
  startWidgetSession(identityToken: $identityToken, visitorToken: $visitorToken) { token expiresAt customer { id name } }
}`;
export interface StartWidgetSessionResult {
  startWidgetSession: { token: string; expiresAt: string; customer: { id: string; name: string } };
}

export const START_VISITOR_SESSION = `mutation StartVisitorSession($visitorToken: String) {
  startVisitorSession(visitorToken: $visitorToken) { token expiresAt visitorToken customer { id name } }
}`;
export interface StartVisitorSessionResult {
  startVisitorSession: StartWidgetSessionResult['startWidgetSession'] & { visitorToken: string };
}

export const CONVERSATION_WITH_MESSAGES = `query WidgetConversation($id: ID!, $afterSeq: Int) {
  conversation(id: $id) { ${CONVERSATION} messages(first: 100, afterSeq: $afterSeq) { edges { node { ${MESSAGE} } } pageInfo { hasNextPage } } }
}`;
export interface ConversationWithMessagesResult {
  conversation:
    (Conversation & { messages: { edges: Array<{ node: Message }>; pageInfo: { hasNextPage: boolean } } }) | null;
}

export const START_CONVERSATION = `mutation WidgetStart($input: StartConversationInput!) {
  startConversation(input: $input) { ${CONVERSATION} }
}`;
export interface StartConversationResult {
  startConversation: Conversation;
}

export const PREPARE_CONVERSATION = `mutation WidgetPrepare($pageContext: PageContextInput) {
  prepareConversation(pageContext: $pageContext) { status expiresAt }
}`;
export interface PrepareConversationResult {
  prepareConversation: { status: 'GATHERING' | 'READY' | 'FAILED'; expiresAt: string };
}

export const OPEN_REPLY_LINK = `mutation WidgetOpenReplyLink($token: String!) { openReplyLink(token: $token) { ${CONVERSATION} } }`;
export interface OpenReplyLinkResult {
  openReplyLink: Conversation;
}

export const SEND_MESSAGE = `mutation WidgetSend($input: SendMessageInput!) { sendMessage(input: $input) { ${MESSAGE} } }`;
export interface SendMessageResult {
  sendMessage: Message;
}

export const REQUEST_HUMAN = `mutation WidgetRequestHuman($id: ID!) { requestHuman(conversationId: $id) { ${CONVERSATION} } }`;
export interface RequestHumanResult {
  requestHuman: Conversation;
}

export const CONFIRM_RESOLVED = `mutation WidgetConfirmResolved($id: ID!) { confirmResolved(conversationId: $id) { ${CONVERSATION} } }`;
export interface ConfirmResolvedResult {
  confirmResolved: Conversation;
}

export const RATE_CONVERSATION = `mutation WidgetRate($id: ID!, $score: Int!) { rateConversation(conversationId: $id, score: $score) { id } }`;

export const SET_TYPING = `mutation WidgetSetTyping($id: ID!, $typing: Boolean!) { setTyping(conversationId: $id, typing: $typing) }`;

export const MESSAGE_ADDED = `subscription WidgetOnMessage($id: ID!, $afterSeq: Int) {
  messageAdded(conversationId: $id, afterSeq: $afterSeq) { ${MESSAGE} } }`;
export interface MessageAddedResult {
  messageAdded: Message;
}

export const CONVERSATION_UPDATED = `subscription WidgetOnConversation($id: ID!) { conversationUpdated(conversationId: $id) { ${CONVERSATION} } }`;
export interface ConversationUpdatedResult {
  conversationUpdated: Conversation;
}

export const TYPING_CHANGED = `subscription WidgetOnTyping($id: ID!) { typingChanged(conversationId: $id) { authorKind name typing } }`;
export interface TypingChangedResult {
  typingChanged: TypingEvent;
}

/** For the drift test. */
export const ALL_OPERATIONS = [
  START_WIDGET_SESSION,
  START_VISITOR_SESSION,
  CONVERSATION_WITH_MESSAGES,
  START_CONVERSATION,
  PREPARE_CONVERSATION,
  OPEN_REPLY_LINK,
  SEND_MESSAGE,
  REQUEST_HUMAN,
  CONFIRM_RESOLVED,
  RATE_CONVERSATION,
  SET_TYPING,
  MESSAGE_ADDED,
  CONVERSATION_UPDATED,
  TYPING_CHANGED,
];
