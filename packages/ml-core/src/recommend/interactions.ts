import { MIN_EVAL_USERS } from '../requirements';
import { RecommendInputError } from './errors';
import type { InteractionPairs, Interactions } from './types';

/**
 * User → item matrix in CSR form over integer ids. Row `u` holds `items[indptr[u]..indptr[u+1])`
 * with `weights` alongside; `encodeInteractions` orders each row chronologically (oldest first).
 */
export interface CsrMatrix {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  weights: Float32Array;
}

export interface EncodedInteractions {
  userIds: string[];
  itemIds: string[];
  /**
   * Distinct pairs (weights summed), each user's row in the order the user first met the items:
   * first time, ties by item id (by input position when no times are given).
   */
  matrix: CsrMatrix;
  events: number;
}

/** Minimum users with ≥ 2 distinct items (one to hold out, one to learn from). */
export { MIN_EVAL_USERS };

function checkColumn(name: string, column: unknown[] | undefined, length: number): void {
  if (column !== undefined && column.length !== length) {
    throw new RecommendInputError(
      `"${name}" has ${column.length} entries but "users" has ${length}; give one per interaction.`,
    );
  }
}

/**
 * Validates the columns, integer-encodes users and items (in order of first appearance), merges
 * repeated user–item events (weights summed, ordered by when the user first met the item) and
 * drops pairs with total weight ≤ 0. Throws RecommendInputError naming the row on bad values.
 */
export function encodeInteractions(data: Interactions): EncodedInteractions {
  const { users, items, times, weights } = data;
  if (!Array.isArray(users) || !Array.isArray(items)) {
    throw new RecommendInputError('Interactions need "users" and "items" arrays.');
  }
  const n = users.length;
  checkColumn('items', items, n);
  checkColumn('times', times, n);
  checkColumn('weights', weights, n);

  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const eventUser = new Int32Array(n);
  const eventItem = new Int32Array(n);
  const eventTime = new Float64Array(n);
  const eventWeight = new Float64Array(n);
  for (let r = 0; r < n; r += 1) {
    const user = users[r];
    const item = items[r];
    if (typeof user !== 'string' || user.length === 0) {
      throw new RecommendInputError(`Row ${r}: the user id is empty.`, { row: r });
    }
    if (typeof item !== 'string' || item.length === 0) {
      throw new RecommendInputError(`Row ${r}: the item id is empty.`, { row: r });
    }
    const time = times?.[r] ?? null;
    if (time !== null && !Number.isFinite(time)) {
      throw new RecommendInputError(
        `Row ${r}: time ${String(time)} is not a finite epoch-ms number.`,
        {
          row: r,
        },
      );
    }
    const weight = weights?.[r] ?? null;
    if (weight !== null && !Number.isFinite(weight)) {
      throw new RecommendInputError(`Row ${r}: weight ${String(weight)} is not a finite number.`, {
        row: r,
      });
    }
    let u = userIndex.get(user);
    if (u === undefined) {
      u = userIds.length;
      userIndex.set(user, u);
      userIds.push(user);
    }
    let i = itemIndex.get(item);
    if (i === undefined) {
      i = itemIds.length;
      itemIndex.set(item, i);
      itemIds.push(item);
    }
    eventUser[r] = u;
    eventItem[r] = i;
    // Missing times sort before any real time.
    eventTime[r] = time ?? Number.NEGATIVE_INFINITY;
    eventWeight[r] = weight ?? 1;
  }

  // Events grouped by user (counting sort keeps input order within a user).
  const nUsers = userIds.length;
  const start = new Int32Array(nUsers + 1);
  for (let r = 0; r < n; r += 1) {
    const at = (eventUser[r] as number) + 1;
    start[at] = (start[at] as number) + 1;
  }
  for (let u = 0; u < nUsers; u += 1)
    start[u + 1] = (start[u + 1] as number) + (start[u] as number);
  const cursor = start.slice(0, nUsers);
  const byUser = new Int32Array(n);
  for (let r = 0; r < n; r += 1) {
    const u = eventUser[r] as number;
    byUser[cursor[u] as number] = r;
    cursor[u] = (cursor[u] as number) + 1;
  }

  const indptr = new Int32Array(nUsers + 1);
  const outItems: number[] = [];
  const outWeights: number[] = [];
  const pairFirstRow = new Map<number, number>();
  const pairFirstTime = new Map<number, number>();
  const pairWeight = new Map<number, number>();
  // Same-time pairs order by item id when times are given (stable whatever the file order),
  // else by input position (file order is the time order).
  const tieBreak = times
    ? (a: number, b: number) => compareIds(itemIds[a] as string, itemIds[b] as string)
    : (a: number, b: number) => (pairFirstRow.get(a) as number) - (pairFirstRow.get(b) as number);
  for (let u = 0; u < nUsers; u += 1) {
    pairFirstRow.clear();
    pairFirstTime.clear();
    pairWeight.clear();
    for (let p = start[u] as number; p < (start[u + 1] as number); p += 1) {
      const r = byUser[p] as number;
      const i = eventItem[r] as number;
      const t = eventTime[r] as number;
      const firstTime = pairFirstTime.get(i);
      // When the user first met the item: smallest time, then earliest row.
      if (firstTime === undefined || t < firstTime) {
        pairFirstTime.set(i, t);
        pairFirstRow.set(i, r);
      }
      pairWeight.set(i, (pairWeight.get(i) ?? 0) + (eventWeight[r] as number));
    }
    const pairs = [...pairFirstRow.keys()].filter((i) => (pairWeight.get(i) as number) > 0);
    pairs.sort(
      (a, b) =>
        (pairFirstTime.get(a) as number) - (pairFirstTime.get(b) as number) || tieBreak(a, b),
    );
    for (const i of pairs) {
      outItems.push(i);
      outWeights.push(pairWeight.get(i) as number);
    }
    indptr[u + 1] = outItems.length;
  }
  if (outItems.length === 0) {
    throw new RecommendInputError('No interactions with a positive weight; give at least some.');
  }
  return {
    userIds,
    itemIds,
    matrix: {
      rows: nUsers,
      cols: itemIds.length,
      indptr,
      indices: Int32Array.from(outItems),
      weights: Float32Array.from(outWeights),
    },
    events: n,
  };
}

/**
 * The same `EncodedInteractions` as `encodeInteractions` on the events the pairs were aggregated
 * from, listed in time order (ties by user id, then item id): users and items numbered in order
 * of first appearance, each row in the order the user first met the items (ties by item id),
 * weights summed, pairs with total weight ≤ 0 dropped (their user and item still numbered).
 * Pairs in (first time, user, item) order are used as they come (one pass); others are sorted
 * first. A pair given twice is merged. Throws RecommendInputError naming the pair on bad values.
 */
export function encodeInteractionPairs(pairs: InteractionPairs): EncodedInteractions {
  const { users, items, weights, firstTimes } = pairs;
  const n = users.length;
  for (const [name, column] of [
    ['items', items],
    ['weights', weights],
    ['firstTimes', firstTimes],
  ] as const) {
    if (column.length !== n) {
      throw new RecommendInputError(
        `"${name}" has ${column.length} entries but "users" has ${n}; give one per pair.`,
      );
    }
  }
  for (let r = 0; r < n; r += 1) {
    const user = users[r];
    const item = items[r];
    if (typeof user !== 'string' || user.length === 0) {
      throw new RecommendInputError(`Pair ${r}: the user id is empty.`, { row: r });
    }
    if (typeof item !== 'string' || item.length === 0) {
      throw new RecommendInputError(`Pair ${r}: the item id is empty.`, { row: r });
    }
    if (!Number.isFinite(firstTimes[r])) {
      throw new RecommendInputError(
        `Pair ${r}: first time ${String(firstTimes[r])} is not a finite epoch-ms number.`,
        { row: r },
      );
    }
    if (!Number.isFinite(weights[r])) {
      throw new RecommendInputError(
        `Pair ${r}: weight ${String(weights[r])} is not a finite number.`,
        { row: r },
      );
    }
  }
  const before = (a: number, b: number): number =>
    (firstTimes[a] as number) - (firstTimes[b] as number) ||
    compareIds(users[a] as string, users[b] as string) ||
    compareIds(items[a] as string, items[b] as string);
  let ordered = true;
  for (let r = 1; r < n && ordered; r += 1) ordered = before(r - 1, r) <= 0;
  const order = ordered ? null : Int32Array.from({ length: n }, (_, r) => r).sort(before);

  // Users and items numbered in order of first appearance.
  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const pairUser = new Int32Array(n);
  const pairItem = new Int32Array(n);
  for (let p = 0; p < n; p += 1) {
    const r = order ? (order[p] as number) : p;
    const user = users[r] as string;
    const item = items[r] as string;
    let u = userIndex.get(user);
    if (u === undefined) {
      u = userIds.length;
      userIndex.set(user, u);
      userIds.push(user);
    }
    let i = itemIndex.get(item);
    if (i === undefined) {
      i = itemIds.length;
      itemIndex.set(item, i);
      itemIds.push(item);
    }
    pairUser[p] = u;
    pairItem[p] = i;
  }
  userIndex.clear();
  itemIndex.clear();

  // Pairs grouped by user (counting sort keeps the time order within a user).
  const nUsers = userIds.length;
  const start = new Int32Array(nUsers + 1);
  for (let p = 0; p < n; p += 1) {
    const at = (pairUser[p] as number) + 1;
    start[at] = (start[at] as number) + 1;
  }
  for (let u = 0; u < nUsers; u += 1)
    start[u + 1] = (start[u + 1] as number) + (start[u] as number);
  const cursor = start.slice(0, nUsers);
  const byUser = new Int32Array(n);
  for (let p = 0; p < n; p += 1) {
    const u = pairUser[p] as number;
    byUser[cursor[u] as number] = p;
    cursor[u] = (cursor[u] as number) + 1;
  }

  // Rows: a repeated pair adds to its first entry; pairs with total weight ≤ 0 are dropped.
  const indptr = new Int32Array(nUsers + 1);
  const outItems = new Int32Array(n);
  const outWeights = new Float64Array(n);
  const slot = new Int32Array(itemIds.length);
  const slotUser = new Int32Array(itemIds.length).fill(-1);
  let nnz = 0;
  for (let u = 0; u < nUsers; u += 1) {
    const rowStart = nnz;
    for (let k = start[u] as number; k < (start[u + 1] as number); k += 1) {
      const p = byUser[k] as number;
      const i = pairItem[p] as number;
      const weight = weights[order ? (order[p] as number) : p] as number;
      if (slotUser[i] === u) {
        const at = slot[i] as number;
        outWeights[at] = (outWeights[at] as number) + weight;
      } else {
        slotUser[i] = u;
        slot[i] = nnz;
        outItems[nnz] = i;
        outWeights[nnz] = weight;
        nnz += 1;
      }
    }
    let kept = rowStart;
    for (let k = rowStart; k < nnz; k += 1) {
      if ((outWeights[k] as number) <= 0) continue;
      outItems[kept] = outItems[k] as number;
      outWeights[kept] = outWeights[k] as number;
      kept += 1;
    }
    nnz = kept;
    indptr[u + 1] = nnz;
  }
  if (nnz === 0) {
    throw new RecommendInputError('No interactions with a positive weight; give at least some.');
  }
  return {
    userIds,
    itemIds,
    matrix: {
      rows: nUsers,
      cols: itemIds.length,
      indptr,
      indices: outItems.slice(0, nnz),
      weights: Float32Array.from(outWeights.subarray(0, nnz)),
    },
    events: pairs.events,
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface LeaveLastOutSplit {
  /** Training matrix: every pair but each eligible user's latest. Rows keep chronological order. */
  train: CsrMatrix;
  /** Users with a held-out item (those with ≥ 2 distinct items), ascending. */
  users: Int32Array;
  /** Held-out (latest newly-met) item of each of `users`. */
  heldOut: Int32Array;
}

/**
 * Holds out each user's latest newly-met item (the last of its row: the item the user met most
 * recently for the first time, ties by item id) when the user has at least two distinct items;
 * the model then ranks it among every item the user has not met, as the served model will. Throws RecommendInputError when fewer than
 * MIN_EVAL_USERS users qualify or there are fewer than two items.
 */
export function leaveLastOut(matrix: CsrMatrix): LeaveLastOutSplit {
  if (matrix.cols < 2) {
    throw new RecommendInputError(
      `Only ${matrix.cols} distinct item in the interactions; recommendations need at least 2.`,
    );
  }
  const users: number[] = [];
  const heldOut: number[] = [];
  const indptr = new Int32Array(matrix.rows + 1);
  for (let u = 0; u < matrix.rows; u += 1) {
    const begin = matrix.indptr[u] as number;
    const end = matrix.indptr[u + 1] as number;
    const keep = end - begin >= 2 ? end - begin - 1 : end - begin;
    if (end - begin >= 2) {
      users.push(u);
      heldOut.push(matrix.indices[end - 1] as number);
    }
    indptr[u + 1] = (indptr[u] as number) + keep;
  }
  if (users.length < MIN_EVAL_USERS) {
    throw new RecommendInputError(
      `Only ${users.length} user(s) interacted with at least 2 distinct items; validation needs at ` +
        `least ${MIN_EVAL_USERS} such users. Add more interaction history.`,
    );
  }
  const total = indptr[matrix.rows] as number;
  const indices = new Int32Array(total);
  const weights = new Float32Array(total);
  for (let u = 0; u < matrix.rows; u += 1) {
    const from = matrix.indptr[u] as number;
    const to = from + ((indptr[u + 1] as number) - (indptr[u] as number));
    indices.set(matrix.indices.subarray(from, to), indptr[u] as number);
    weights.set(matrix.weights.subarray(from, to), indptr[u] as number);
  }
  return {
    train: { rows: matrix.rows, cols: matrix.cols, indptr, indices, weights },
    users: Int32Array.from(users),
    heldOut: Int32Array.from(heldOut),
  };
}

/** Copy of the matrix with each row's item ids sorted ascending (for binary-search membership). */
export function sortRows(matrix: CsrMatrix): CsrMatrix {
  const indices = matrix.indices.slice();
  const weights = matrix.weights.slice();
  for (let u = 0; u < matrix.rows; u += 1) {
    const begin = matrix.indptr[u] as number;
    const end = matrix.indptr[u + 1] as number;
    if (end - begin < 2) continue;
    const order = Array.from({ length: end - begin }, (_, k) => begin + k).sort(
      (a, b) => (matrix.indices[a] as number) - (matrix.indices[b] as number),
    );
    for (let k = 0; k < order.length; k += 1) {
      indices[begin + k] = matrix.indices[order[k] as number] as number;
      weights[begin + k] = matrix.weights[order[k] as number] as number;
    }
  }
  return { ...matrix, indices, weights };
}

/** Whether sorted row `u` of `sorted` contains `item`. */
export function rowContains(sorted: CsrMatrix, u: number, item: number): boolean {
  let lo = sorted.indptr[u] as number;
  let hi = (sorted.indptr[u + 1] as number) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = sorted.indices[mid] as number;
    if (value === item) return true;
    if (value < item) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Item → user matrix (columns of `matrix` as rows), users ascending within a row. */
export function transpose(matrix: CsrMatrix): CsrMatrix {
  const indptr = new Int32Array(matrix.cols + 1);
  const nnz = matrix.indices.length;
  for (let p = 0; p < nnz; p += 1) {
    const at = (matrix.indices[p] as number) + 1;
    indptr[at] = (indptr[at] as number) + 1;
  }
  for (let i = 0; i < matrix.cols; i += 1)
    indptr[i + 1] = (indptr[i + 1] as number) + (indptr[i] as number);
  const cursor = indptr.slice(0, matrix.cols);
  const indices = new Int32Array(nnz);
  const weights = new Float32Array(nnz);
  for (let u = 0; u < matrix.rows; u += 1) {
    for (let p = matrix.indptr[u] as number; p < (matrix.indptr[u + 1] as number); p += 1) {
      const i = matrix.indices[p] as number;
      const at = cursor[i] as number;
      indices[at] = u;
      weights[at] = matrix.weights[p] as number;
      cursor[i] = at + 1;
    }
  }
  return { rows: matrix.cols, cols: matrix.rows, indptr, indices, weights };
}

/** Users per item (the column counts of `matrix`). */
export function itemCounts(matrix: CsrMatrix): Float64Array {
  const counts = new Float64Array(matrix.cols);
  for (let p = 0; p < matrix.indices.length; p += 1) {
    const i = matrix.indices[p] as number;
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}
