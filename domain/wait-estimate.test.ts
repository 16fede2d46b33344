import { estimateWait } from './wait-estimate';

describe('estimateWait', () => {
  it('says under a minute, then whole minutes rounded up below an hour and a half, then whole hours', () => {
    expect(estimateWait(0)).toEqual({ unit: 'underMinute' });
    expect(estimateWait(59)).toEqual({ unit: 'underMinute' });
    expect(estimateWait(60)).toEqual({ unit: 'minutes', count: 1 });
    expect(estimateWait(130)).toEqual({ unit: 'minutes', count: 3 });
    expect(estimateWait(89 * 60)).toEqual({ unit: 'minutes', count: 89 });
    expect(estimateWait(89 * 60 + 1)).toEqual({ unit: 'hours', count: 2 });
    expect(estimateWait(4 * 3600 + 20 * 60)).toEqual({ unit: 'hours', count: 4 });
  });
});
