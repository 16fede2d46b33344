import { registerEnumType } from 'type-graphql';
import { AuthorKind, ConversationStatus } from '../../workflows/conversation/conversation.types';

registerEnumType(ConversationStatus, { name: 'ConversationStatus', description: 'Where a conversation stands in the AI-first, human-backed flow' });
registerEnumType(AuthorKind, { name: 'AuthorKind', description: 'Who wrote a message; notices from the system itself are SYSTEM' });

export enum Role {
  CUSTOMER = 'customer',
  AGENT = 'agent',
  ADMIN = 'admin',
}
registerEnumType(Role, { name: 'Role' });

export { AuthorKind, ConversationStatus };
