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

  it('requires a client message id', () => {
    expect(clientMessageIdProblem('')).toMatch(/empty/);
    expect(clientMessageIdProblem('x'.repeat(129))).toMatch(/128/);
    expect(clientMessageIdProblem('m-1')).toBeNull();
  });
});
