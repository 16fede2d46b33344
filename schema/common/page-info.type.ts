import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where a page of a connection sits in the whole list' })
export class PageInfo {
  @Field({ description: 'True when more items follow endCursor' })
  hasNextPage: boolean;

  @Field({ description: 'True when items precede startCursor' })
  hasPreviousPage: boolean;

  @Field(() => String, {
    description: 'Cursor of the first item on this page; null when the page is empty',
    nullable: true,
  })
  startCursor: string | null;

  @Field(() => String, {
    description: 'Cursor of the last item on this page: pass it as `after` for the next page; null when empty',
    nullable: true,
  })
  endCursor: string | null;
}

export function pageInfoOf(page: {
  nodes: Array<{ cursor: string }>;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}): PageInfo {
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.nodes[0]?.cursor ?? null,
    endCursor: page.nodes[page.nodes.length - 1]?.cursor ?? null,
  };
}

/** A service's page as a Relay connection: each node mapped to its GraphQL type, the cursors kept. */
export function connectionOf<T, N>(
  page: { nodes: Array<{ cursor: string; node: T }>; hasNextPage: boolean; hasPreviousPage: boolean },
  toNode: (row: T) => N,
): { edges: Array<{ cursor: string; node: N }>; pageInfo: PageInfo } {
  return { edges: page.nodes.map((n) => ({ cursor: n.cursor, node: toNode(n.node) })), pageInfo: pageInfoOf(page) };
}
