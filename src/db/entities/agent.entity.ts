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

  /** Set while an admin has disabled the agent: their requests are refused, their subscriptions ended. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'disabled_by', type: 'text', nullable: true })
  disabledBy: string | null;

  /** 'admin': a console session of this row carries the admin role (policy, team); never routed conversations. */
  @Column({ type: 'varchar', length: 16, default: 'agent' })
  role: string;

  /** How many conversations the agent holds at once at most (routing enforces it). */
  @Column({ type: 'int', default: 5 })
  capacity: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
