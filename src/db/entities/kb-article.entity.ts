import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'kb_articles' })
export class KbArticleEntity {
  /** Stable across versions; this is the id that AI answers cite. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  routes: string[];

  /** tags joined by spaces: the text the generated search vector indexes beside title and body. */
  @Column({ type: 'text', default: '' })
  keywords: string;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
  // `search` (tsvector, generated from title, tags and body) is maintained by PostgreSQL; see the migration.
}
