import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Every change is a new row: the version history of the escalation policy. */
@Entity({ name: 'escalation_policies' })
export class EscalationPolicyEntity {
  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  document: unknown;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
