import { CONTEXT_FEATURES, ContextWeights } from '../context-scorer';

export interface StackerRow {
  readonly features: readonly number[];
  /** 1 for a segment of an inserted attack, 0 for a segment of a clean email. */
  readonly label: 0 | 1;
}

const NEWTON_STEPS = 50;
const L2 = 1e-2;

/** Solves A x = b in place (Gaussian elimination with partial pivoting); A is small and well conditioned. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) pivot = row;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    [b[col], b[pivot]] = [b[pivot], b[col]];
    for (let row = col + 1; row < n; row++) {
      const factor = a[row][col] / a[col][col];
      for (let k = col; k < n; k++) a[row][k] -= factor * a[col][k];
      b[row] -= factor * b[col];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = b[row];
    for (let k = row + 1; k < n; k++) sum -= a[row][k] * x[k];
    x[row] = sum / a[row][row];
  }
  return x;
}

/**
 * L2-regularised logistic regression by Newton's method: nine features and a bias, so a handful of
 * exact steps beat any stochastic trainer. The classes are weighted to equal mass, since the rows are
 * a few thousand attack segments against a few hundred clean ones.
 */
export function fitContextStacker(rows: readonly StackerRow[]): Omit<ContextWeights, 'threshold'> {
  const d = CONTEXT_FEATURES.length + 1;
  const positives = rows.filter((r) => r.label === 1).length;
  const negatives = rows.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('The context stacker needs both classes');
  const positiveWeight = negatives / positives;
  const beta = new Array<number>(d).fill(0);
  for (let step = 0; step < NEWTON_STEPS; step++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const row of rows) {
      const x = [...row.features, 1];
      let z = 0;
      for (let i = 0; i < d; i++) z += beta[i] * x[i];
      const p = 1 / (1 + Math.exp(-z));
      const w = row.label === 1 ? positiveWeight : 1;
      for (let i = 0; i < d; i++) {
        gradient[i] += w * (p - row.label) * x[i];
        for (let j = 0; j < d; j++) hessian[i][j] += w * p * (1 - p) * x[i] * x[j];
      }
    }
    for (let i = 0; i < d - 1; i++) {
      gradient[i] += L2 * beta[i];
      hessian[i][i] += L2;
    }
    hessian[d - 1][d - 1] += 1e-9;
    const delta = solve(hessian, gradient);
    let change = 0;
    for (let i = 0; i < d; i++) {
      beta[i] -= delta[i];
      change = Math.max(change, Math.abs(delta[i]));
    }
    if (change < 1e-8) break;
  }
  return { features: [...CONTEXT_FEATURES], weights: beta.slice(0, d - 1), bias: beta[d - 1] };
}
