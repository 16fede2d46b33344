import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'customers' })
export class CustomerEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Null for an anonymous visitor. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** An anonymous visitor of the widget (a deployment that allows them); FREE tier, tighter rate limits. */
  @Column({ type: 'boolean', default: false })
  visitor: boolean;

  /** A visitor who signed in: the customer their open conversations moved to. */
  @Column({ name: 'merged_into', type: 'varchar', length: 64, nullable: true })
  mergedInto: string | null;

  @Column({ type: 'text', nullable: true })
  company: string | null;

  @Column({ type: 'varchar', length: 16 })
  tier: string;

  @Column({ type: 'text', nullable: true })
  plan: string | null;

  @Column({ type: 'int', default: 0 })
  seats: number;

  @Column({ name: 'mrr_usd', type: 'double precision', default: 0 })
  mrrUsd: number;

  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
