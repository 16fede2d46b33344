import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One policy backtest run; the conversations it changes are rows of backtest_changes. */
@Entity({ name: 'backtests' })
export class BacktestEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'double precision', default: 0 })
  progress: number;

  @Column({ type: 'jsonb' })
  document: unknown;

  @Column({ name: 'window_from', type: 'timestamptz' })
  windowFrom: Date;

  @Column({ name: 'window_to', type: 'timestamptz' })
  windowTo: Date;

  /** The window's effective end: `to`, or the time of the request when that is earlier. */
  @Column({ name: 'window_until', type: 'timestamptz' })
  windowUntil: Date;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId: string;

  @Column({ type: 'int', nullable: true })
  total: number | null;

  @Column({ type: 'int', default: 0 })
  processed: number;

  @Column({ type: 'jsonb', nullable: true })
  report: unknown;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
