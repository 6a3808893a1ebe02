/** One benchmark figure, printed by `npm run bench` as a JSON line; a ratio is measured in the same run as its baseline. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
}
