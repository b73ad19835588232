/** A run with forward returns at two horizons, small enough to work every IC out by hand. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './fixtures';

/**
 * Four stocks on three month-ends, score = f_a = 1, 2, 3, 4 hundredths. The 1-month returns
 * rank 1 2 3 4, 2 1 3 4, 2 1 4 3 (rank ICs 1, 0.8, 0.6); the 3-month returns rank 2 1 4 3,
 * 4 3 2 1, 2 1 4 3 (rank ICs 0.6, -1, 0.6), by Spearman's 1 - 6 sum d^2 / (n (n^2 - 1)).
 * `shape` writes them wide (fwd_return_1m, fwd_return_3m) or long (a horizon column).
 */
export function twoHorizonRun(shape: 'wide' | 'long'): string {
  const dir = tempDir();
  const dates = ['2024-01-31', '2024-02-29', '2024-03-28'];
  const oneMonth = [[1, 2, 3, 4], [2, 1, 3, 4], [2, 1, 4, 3]];
  const threeMonths = [[2, 1, 4, 3], [4, 3, 2, 1], [2, 1, 4, 3]];
  const contributions = ['date,stock,base_value,score,f_a'];
  const returns = [shape === 'wide' ? 'date,stock,fwd_return_1m,fwd_return_3m' : 'date,stock,horizon,return'];
  dates.forEach((date, d) => {
    for (let i = 0; i < 4; i++) {
      contributions.push(`${date},S${i + 1},0,${(i + 1) / 100},${(i + 1) / 100}`);
      if (shape === 'wide') returns.push(`${date},S${i + 1},${oneMonth[d][i] / 1000},${threeMonths[d][i] / 100}`);
      else returns.push(`${date},S${i + 1},3m,${threeMonths[d][i] / 100}`, `${date},S${i + 1},1m,${oneMonth[d][i] / 1000}`);
    }
  });
  writeFileSync(join(dir, 'contributions.csv'), contributions.join('\n') + '\n');
  writeFileSync(join(dir, 'returns.csv'), returns.join('\n') + '\n');
  const manifest = join(dir, 'run.glassbox.json');
  writeFileSync(manifest, JSON.stringify({ contributions: 'contributions.csv', returns: 'returns.csv', factors: { alpha: ['f_a'] } }));
  return manifest;
}
