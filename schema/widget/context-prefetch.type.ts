import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum ContextPrefetchStatus {
  GATHERING = 'GATHERING',
  READY = 'READY',
  FAILED = 'FAILED',
}

registerEnumType(ContextPrefetchStatus, {
  name: 'ContextPrefetchStatus',
  description:
    'GATHERING: the sources are being read; READY: kept for the first message; FAILED: it will gather itself',
  valuesConfig: {
    GATHERING: { description: 'The sources are being read' },
    READY: { description: 'Kept for the first message' },
    FAILED: { description: 'The conversation will gather it itself' },
  },
});

@ObjectType('ContextPrefetch', {
  description: 'Context gathered for the widget session before the first message (page, account, billing, history)',
})
export class ContextPrefetchGQL {
  @Field(() => ContextPrefetchStatus, { description: 'Gathering, ready or failed' })
  status: ContextPrefetchStatus;

  @Field({ description: 'When gathering started' })
  startedAt: Date;

  @Field({ description: 'Until when a first message consumes it; preparing again after that gathers afresh' })
  expiresAt: Date;
}
