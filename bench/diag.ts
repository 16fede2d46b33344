import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { repoRoot } from '../src/paths';
import { conversationWorkflowId } from '../src/temporal/ids';
import { progress } from './report';
import { benchCodec } from './codec';

const EventType = temporal.api.enums.v1.EventType;

/**
 * BENCH_DIAG=1: one conversation's history as event types (markers named by their local activity), to see what a
 * customer message's workflow task holds before the update's acknowledgement leaves it.
 */
export async function writeTurnHistory(address: string, databaseUrl: string, conversationId: string): Promise<void> {
  const connection = await Connection.connect({ address });
  // Markers are encrypted like every payload: read them with the codec (and key) the bench's processes use.
  const { codec, close } = benchCodec(databaseUrl);
  try {
    const history = await new Client({ connection }).workflow
      .getHandle(conversationWorkflowId(conversationId))
      .fetchHistory();
    const lines: string[] = [];
    for (const e of history.events ?? []) {
      const type = EventType[e.eventType ?? 0]?.replace('EVENT_TYPE_', '') ?? String(e.eventType);
      const t = e.eventTime?.seconds
        ? Number(e.eventTime.seconds) * 1000 + Math.round((e.eventTime.nanos ?? 0) / 1e6)
        : 0;
      const sealed = e.markerRecordedEventAttributes?.details?.data?.payloads?.[0];
      const marker = sealed ? ((await codec.decode([sealed]).catch(() => [sealed]))[0].data ?? sealed.data) : undefined;
      const la = marker ? /"activity_?[tT]ype":"(\w+)"/.exec(Buffer.from(marker).toString())?.[1] : undefined;
      const act = e.activityTaskScheduledEventAttributes?.activityType?.name;
      lines.push(`${e.eventId} ${t} ${type}${la ? ` ${la}` : ''}${act ? ` ${act}` : ''}`);
    }
    const file = path.join(repoRoot(), 'bench', 'results', 'diag-history.tmp');
    writeFileSync(file, lines.join('\n') + '\n');
    progress(`  diag: history of conversation-${conversationId} in ${path.relative(process.cwd(), file)}`);
  } finally {
    await connection.close();
    await close();
  }
}
