import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('CustomerDataExport', { description: 'Everything held about one customer, as one JSON document' })
export class CustomerDataExportGQL {
  @Field(() => ID, { description: 'The customer exported' })
  customerId: string;

  @Field(() => Date, { description: 'When the export was made' })
  exportedAt: Date;

  @Field(() => String, {
    description:
      'The document (JSON): the customer, conversations, messages, events, ratings, billing actions, notes, reply ' +
      'emails, knowledge drafts quoting them and their data keys (ids and dates only)',
  })
  json: string;

  @Field(() => String, { description: 'GET it with the same admin bearer token to download the document as a file' })
  downloadPath: string;
}

@ObjectType('CustomerErasure', { description: "What erasing a customer's data did" })
export class CustomerErasureGQL {
  @Field(() => ID, { description: 'The customer erased' })
  customerId: string;

  @Field(() => Int, { description: 'Open conversations closed through their workflows first' })
  conversationsClosed: number;

  @Field(() => Int, { description: 'Conversations erased' })
  conversations: number;

  @Field(() => Int, { description: 'Messages erased' })
  messages: number;

  @Field(() => Int, { description: 'Conversation events erased' })
  events: number;

  @Field(() => Int, { description: 'Knowledge drafts that quoted only this customer, deleted' })
  knowledgeSuggestions: number;

  @Field(() => Int, { description: 'Data keys destroyed: their Temporal histories can no longer be decrypted' })
  keysShredded: number;

  @Field(() => Date, { description: 'When it was erased' })
  erasedAt: Date;
}
