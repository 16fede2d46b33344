import { createWriteStream } from 'node:fs';
import WebSocket from 'ws';

/** One V8 isolate of a process: its main thread, or a worker thread (Temporal runs the workflows in one). */
export interface IsolateHeap {
  title: string;
  usedBytes: number;
  totalBytes: number;
}

interface Reply {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/**
 * A DevTools-protocol session with a process started with `--inspect=127.0.0.1:<port>`, and through NodeWorker with
 * each of its worker threads: the workflows' heap lives in the SDK's workflow thread, out of reach of the main
 * thread's process.memoryUsage(). Used by bench/idle-memory.ts to force a GC and read every isolate's heap.
 */
export class InspectedProcess {
  private nextId = 1;
  private waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private workers = new Map<string, string>(); // sessionId -> title
  private listeners: Array<(m: Reply, sessionId: string | null) => void> = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.dispatch(JSON.parse(String(data)) as Reply, null));
  }

  static async connect(port: number): Promise<InspectedProcess> {
    const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
      webSocketDebuggerUrl: string;
    }>;
    const ws = new WebSocket(list[0].webSocketDebuggerUrl, { maxPayload: 1 << 30 });
    await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const p = new InspectedProcess(ws);
    await p.send(null, 'NodeWorker.enable', { waitForDebuggerOnStart: false });
    await new Promise((r) => setTimeout(r, 500)); // attachedToWorker arrives for each running thread
    return p;
  }

  private dispatch(m: Reply, sessionId: string | null): void {
    if (sessionId === null && m.method === 'NodeWorker.attachedToWorker') {
      const p = m.params as { sessionId: string; workerInfo: { title: string } };
      this.workers.set(p.sessionId, p.workerInfo.title);
    }
    if (sessionId === null && m.method === 'NodeWorker.receivedMessageFromWorker') {
      const p = m.params as { sessionId: string; message: string };
      return this.dispatch(JSON.parse(p.message) as Reply, p.sessionId);
    }
    if (m.id !== undefined) {
      const key = sessionId === null ? m.id : -m.id;
      const w = this.waiting.get(key);
      if (!w) return;
      this.waiting.delete(key);
      if (m.error) w.reject(new Error(m.error.message));
      else w.resolve(m);
    } else for (const l of this.listeners) l(m, sessionId);
  }

  /** A protocol call on the main thread (`sessionId` null) or on a worker thread. */
  send(sessionId: string | null, method: string, params: object = {}): Promise<Reply> {
    const id = this.nextId++;
    const key = sessionId === null ? id : -id;
    const reply = new Promise<Reply>((resolve, reject) => this.waiting.set(key, { resolve, reject }));
    const message = JSON.stringify({ id, method, params });
    if (sessionId === null) this.ws.send(message);
    else
      this.ws.send(
        JSON.stringify({ id: this.nextId++, method: 'NodeWorker.sendMessageToWorker', params: { sessionId, message } }),
      );
    return reply;
  }

  sessions(): Array<{ sessionId: string | null; title: string }> {
    return [
      { sessionId: null, title: 'main' },
      ...[...this.workers].map(([sessionId, title]) => ({ sessionId, title })),
    ];
  }

  /** A full GC in every isolate (twice: weak references and finalizers let a second pass free more). */
  async collectGarbage(): Promise<void> {
    for (let pass = 0; pass < 2; pass++)
      for (const s of this.sessions()) await this.send(s.sessionId, 'HeapProfiler.collectGarbage');
  }

  async heaps(): Promise<IsolateHeap[]> {
    const out: IsolateHeap[] = [];
    for (const s of this.sessions()) {
      const r = await this.send(s.sessionId, 'Runtime.getHeapUsage');
      const { usedSize, totalSize } = r.result as { usedSize: number; totalSize: number };
      out.push({ title: s.title, usedBytes: usedSize, totalBytes: totalSize });
    }
    return out;
  }

  /** process.memoryUsage() as each isolate sees it (external and arrayBuffers are per isolate, off its heap). */
  async memoryUsage(): Promise<Array<{ title: string; usage: NodeJS.MemoryUsage }>> {
    const out: Array<{ title: string; usage: NodeJS.MemoryUsage }> = [];
    for (const s of this.sessions()) {
      const r = await this.send(s.sessionId, 'Runtime.evaluate', {
        expression: 'JSON.stringify(process.memoryUsage())',
        returnByValue: true,
      });
      const value = (r.result as { result: { value: string } }).result.value;
      out.push({ title: s.title, usage: JSON.parse(value) as NodeJS.MemoryUsage });
    }
    return out;
  }

  /** A heap snapshot of one isolate, written to `file` (it is taken after a GC). */
  async snapshot(sessionId: string | null, file: string): Promise<void> {
    const out = createWriteStream(file);
    const onChunk = (m: Reply, from: string | null) => {
      if (from === sessionId && m.method === 'HeapProfiler.addHeapSnapshotChunk')
        out.write((m.params as { chunk: string }).chunk);
    };
    this.listeners.push(onChunk);
    try {
      await this.send(sessionId, 'HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    } finally {
      this.listeners = this.listeners.filter((l) => l !== onChunk);
      await new Promise<void>((r) => out.end(r));
    }
  }

  close(): void {
    this.ws.close();
  }
}
