import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('CustomerDataExport', { description: 'Everything held about one customer, as one JSON document' })
export class CustomerDataExportGQL {
  @Field(() => ID)
  customerId: string;

  @Field(() => Date)
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
  @Field(() => ID)
  customerId: string;

  @Field(() => Int, { description: 'Open conversations closed through their workflows first' })
  conversationsClosed: number;

  @Field(() => Int)
  conversations: number;

  @Field(() => Int)
  messages: number;

  @Field(() => Int)
  events: number;

  @Field(() => Int, { description: 'Knowledge drafts that quoted only this customer, deleted' })
  knowledgeSuggestions: number;

  @Field(() => Int, { description: 'Data keys destroyed: their Temporal histories can no longer be decrypted' })
  keysShredded: number;

  @Field(() => Date)
  erasedAt: Date;
}
