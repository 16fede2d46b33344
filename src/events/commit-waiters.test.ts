import { MessageCommitWaiters } from './commit-waiters';

describe('MessageCommitWaiters', () => {
  it("wakes a conversation's waiters at its next commit, not at the waiter's own message or another conversation's", async () => {
    const w = new MessageCommitWaiters();
    const outcomes: string[] = [];
    const a = w.next('conv-1', 'mine', 5000).then((o) => outcomes.push(`a:${o}`));
    const b = w.next('conv-1', 'theirs', 5000).then((o) => outcomes.push(`b:${o}`));
    w.heard('conv-2', 'x');
    w.heard('conv-1', 'mine'); // a's own message: only b wakes
    await b;
    expect(outcomes).toEqual(['b:committed']);
    expect(w.size).toBe(1);
    w.heard('conv-1', 'ai-answer');
    await a;
    expect(outcomes).toEqual(['b:committed', 'a:committed']);
    expect(w.size).toBe(0);
  });

  it('gives up at the deadline', async () => {
    const w = new MessageCommitWaiters();
    const t0 = Date.now();
    expect(await w.next('conv-1', 'mine', 50)).toBe('timeout');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    expect(w.size).toBe(0);
  });
});
