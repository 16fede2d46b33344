import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'agents' })
export class AgentEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'varchar', length: 16 })
  tier: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  skills: string[];

  @Column({ type: 'text', default: 'UTC' })
  timezone: string;

  @Column({ name: 'on_call', type: 'boolean', default: false })
  onCall: boolean;

  @Column({ type: 'varchar', length: 16, default: 'OFFLINE' })
  status: string;

  /** How many conversations the agent works at once (NULL: no limit); a claim beyond it is refused. */
  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  /** When auto-assignment last gave them a conversation (its round robin starts with who waited longest). */
  @Column({ name: 'last_assigned_at', type: 'timestamptz', nullable: true })
  lastAssignedAt: Date | null;

  /** Set while an admin has disabled the agent: their requests are refused, their subscriptions ended. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'disabled_by', type: 'text', nullable: true })
  disabledBy: string | null;

  /** 'admin': a console session of this row carries the admin role (policy, team); never routed conversations. */
  @Column({ type: 'varchar', length: 16, default: 'agent' })
  role: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
