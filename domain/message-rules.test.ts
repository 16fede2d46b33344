import { MAX_MESSAGE_LENGTH } from './conversation';
import { clientMessageIdProblem, messageBodyProblem } from './message-rules';

describe('message validation shared by the API and the workflow validator', () => {
  it('rejects empty, whitespace-only and over-long bodies', () => {
    expect(messageBodyProblem('')).toMatch(/empty/);
    expect(messageBodyProblem(' \n\t')).toMatch(/empty/);
    expect(messageBodyProblem('a'.repeat(MAX_MESSAGE_LENGTH + 1))).toMatch(/at most 8000/);
    expect(messageBodyProblem('a'.repeat(MAX_MESSAGE_LENGTH))).toBeNull();
    expect(messageBodyProblem('¿Cómo exporto un panel?')).toBeNull();
  });

  it('refuses text with half a surrogate pair (not a character; PostgreSQL cannot store it as JSON)', () => {
    expect(messageBodyProblem('broken \ud83d here')).toMatch(/valid Unicode/);
    expect(messageBodyProblem('tail \ude00')).toMatch(/valid Unicode/);
    expect(messageBodyProblem('a whole one 😀 is fine')).toBeNull();
    expect(clientMessageIdProblem('m-\ud800')).toMatch(/valid Unicode/);
  });

  it('requires a client message id', () => {
    expect(clientMessageIdProblem('')).toMatch(/empty/);
    expect(clientMessageIdProblem('x'.repeat(129))).toMatch(/128/);
    expect(clientMessageIdProblem('m-1')).toBeNull();
  });

  it("refuses the prefixes of the system's own message keys, so no client can take the AI reply's or a notice's place", () => {
    for (const id of ['ai-reply-6f1c2b9e-0000-4000-8000-000000000000', 'system-escalated-3', 'AI-Reply-x', 'System-x'])
      expect(clientMessageIdProblem(id)).toMatch(/must not start with ai- or system-/);
    for (const id of ['m-ai-reply-1', 'reply-ai-1', 'aim-1', 'systemic-1'])
      expect(clientMessageIdProblem(id)).toBeNull();
  });
});
