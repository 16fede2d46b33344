import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764201600000 implements MigrationInterface {
  name = 'InitialSchema1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE customers (
        id varchar(64) PRIMARY KEY,
        name text NOT NULL,
        email text NOT NULL,
        company text,
        tier varchar(16) NOT NULL CHECK (tier IN ('FREE','PRO','ENTERPRISE')),
        plan text,
        seats int NOT NULL DEFAULT 0,
        mrr_usd double precision NOT NULL DEFAULT 0,
        country varchar(2),
        notes text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX customers_email_key ON customers (lower(email))`);
    await q.query(`
      CREATE TABLE agents (
        id varchar(64) PRIMARY KEY,
        name text NOT NULL,
        email text NOT NULL,
        tier varchar(16) NOT NULL CHECK (tier IN ('TIER1','TIER2','LEAD')),
        skills text[] NOT NULL DEFAULT '{}',
        timezone text NOT NULL DEFAULT 'UTC',
        on_call boolean NOT NULL DEFAULT false,
        status varchar(16) NOT NULL DEFAULT 'OFFLINE' CHECK (status IN ('ONLINE','AWAY','OFFLINE')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY,
        customer_id varchar(64) NOT NULL REFERENCES customers(id),
        status varchar(32) NOT NULL,
        channel varchar(16) NOT NULL DEFAULT 'web',
        tier varchar(16),
        page_context jsonb NOT NULL DEFAULT '{}',
        context jsonb,
        workflow_id text NOT NULL,
        last_seq int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX conversations_customer_created_idx ON conversations (customer_id, created_at)`);
    await q.query(`CREATE INDEX conversations_status_idx ON conversations (status)`);
    await q.query(`CREATE INDEX conversations_created_idx ON conversations (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        seq int NOT NULL,
        author_kind varchar(16) NOT NULL CHECK (author_kind IN ('CUSTOMER','AI','AGENT','SYSTEM')),
        author_id varchar(64),
        body text NOT NULL,
        client_message_id varchar(128),
        ai jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT messages_conversation_seq_key UNIQUE (conversation_id, seq),
        CONSTRAINT messages_conversation_client_id_key UNIQUE (conversation_id, client_message_id)
      )`);
    await q.query(`
      CREATE TABLE conversation_events (
        id bigserial PRIMARY KEY,
        conversation_id uuid NOT NULL REFERENCES conversations(id),
        kind varchar(64) NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        dedupe_key text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX conversation_events_conversation_idx ON conversation_events (conversation_id, id)`);
    await q.query(`CREATE INDEX conversation_events_kind_created_idx ON conversation_events (kind, created_at)`);
    await q.query(`
      CREATE TABLE kb_articles (
        id varchar(64) PRIMARY KEY,
        title text NOT NULL,
        body text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        routes text[] NOT NULL DEFAULT '{}',
        keywords text NOT NULL DEFAULT '',
        version int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') ||
          setweight(to_tsvector('english', keywords), 'B') ||
          setweight(to_tsvector('english', body), 'C')
        ) STORED
      )`);
    await q.query(`CREATE INDEX kb_articles_search_idx ON kb_articles USING GIN (search)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['kb_articles', 'conversation_events', 'messages', 'conversations', 'agents', 'customers']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
