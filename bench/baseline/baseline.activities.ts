export interface BaselineActivities {
  bump(input: { counter: number; by: number }): Promise<number>;
}

export const baselineActivities: BaselineActivities = {
  async bump({ counter, by }) {
    return counter + by;
  },
};
