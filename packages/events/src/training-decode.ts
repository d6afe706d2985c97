/**
 * Decoding of the training reads: tab-separated bytes (PostgreSQL's `COPY … TO STDOUT` text
 * format and ClickHouse's `TabSeparated`: the same escapes, `\N` for NULL) decoded as they
 * stream, straight into growable typed columns and dictionaries. No per-event object outlives
 * its line: a user's id is decoded once (rows come grouped by user), names and items once per
 * distinct value.
 */
import type { CodedEventLog, InteractionPairs } from './engine';

const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;
const MINUS = 45;
const ZERO = 48;

const ESCAPES: Record<number, number> = {
  98: 8, // \b
  102: 12, // \f
  110: 10, // \n
  114: 13, // \r
  116: 9, // \t
  118: 11, // \v
  48: 0, // \0
};

/** The fields of the current line: byte ranges into `bytes`. */
export class TsvLine {
  bytes: Buffer = Buffer.alloc(0);
  readonly starts: Int32Array;
  readonly ends: Int32Array;

  constructor(readonly columns: number) {
    this.starts = new Int32Array(columns);
    this.ends = new Int32Array(columns);
  }

  isNull(k: number): boolean {
    const s = this.starts[k] as number;
    return (
      (this.ends[k] as number) - s === 2 && this.bytes[s] === BACKSLASH && this.bytes[s + 1] === 78 // N
    );
  }

  /** The field as text (escapes decoded); null for `\N`. */
  text(k: number): string | null {
    if (this.isNull(k)) return null;
    const s = this.starts[k] as number;
    const e = this.ends[k] as number;
    const bytes = this.bytes;
    let escaped = false;
    for (let i = s; i < e; i += 1) {
      if (bytes[i] === BACKSLASH) {
        escaped = true;
        break;
      }
    }
    if (!escaped) return bytes.toString('utf8', s, e);
    const out = Buffer.allocUnsafe(e - s);
    let n = 0;
    for (let i = s; i < e; i += 1) {
      const b = bytes[i] as number;
      if (b !== BACKSLASH || i + 1 >= e) {
        out[n++] = b;
        continue;
      }
      i += 1;
      const next = bytes[i] as number;
      out[n++] = ESCAPES[next] ?? next;
    }
    return out.toString('utf8', 0, n);
  }

  /** Whether the field's bytes are `other`'s (no decoding: rows grouped by it compare raw). */
  same(k: number, other: Buffer): boolean {
    const s = this.starts[k] as number;
    const e = this.ends[k] as number;
    return e - s === other.length && this.bytes.compare(other, 0, other.length, s, e) === 0;
  }

  raw(k: number): Buffer {
    return Buffer.from(this.bytes.subarray(this.starts[k], this.ends[k]));
  }

  /** A whole number (epoch ms, counts). */
  integer(k: number): number {
    const s = this.starts[k] as number;
    const e = this.ends[k] as number;
    const bytes = this.bytes;
    let i = s;
    const negative = bytes[i] === MINUS;
    if (negative) i += 1;
    if (i >= e) throw this.error(k, 'a whole number');
    let value = 0;
    for (; i < e; i += 1) {
      const digit = (bytes[i] as number) - ZERO;
      if (digit < 0 || digit > 9) throw this.error(k, 'a whole number');
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  /** A number; NaN for `\N` and for anything not finite (`NaN`, `inf`, `Infinity`). */
  number(k: number): number {
    if (this.isNull(k)) return Number.NaN;
    const value = Number(this.bytes.toString('latin1', this.starts[k], this.ends[k]));
    return Number.isFinite(value) ? value : Number.NaN;
  }

  private error(k: number, what: string): Error {
    const field = this.bytes.toString('utf8', this.starts[k], this.ends[k]).slice(0, 80);
    return new Error(`Training read: expected ${what} in column ${k + 1}, got "${field}"`);
  }
}

/**
 * Calls `onLine` for each line of a tab-separated byte stream with `columns` fields per line.
 * Lines may be split across chunks; the `TsvLine` passed is reused (read it, do not keep it).
 */
export async function eachTsvLine(
  stream: AsyncIterable<Buffer | Uint8Array | string>,
  columns: number,
  onLine: (line: TsvLine) => void,
): Promise<void> {
  const line = new TsvLine(columns);
  let rest: Buffer | null = null;
  for await (const piece of stream) {
    const chunk =
      typeof piece === 'string'
        ? Buffer.from(piece)
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    const bytes: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    rest = null;
    line.bytes = bytes;
    let at = 0;
    for (;;) {
      const end = bytes.indexOf(NEWLINE, at);
      if (end < 0) break;
      splitLine(line, at, end);
      onLine(line);
      at = end + 1;
    }
    if (at < bytes.length) rest = Buffer.from(bytes.subarray(at));
  }
  if (rest && rest.length > 0) {
    line.bytes = rest;
    splitLine(line, 0, rest.length);
    onLine(line);
  }
}

function splitLine(line: TsvLine, start: number, end: number): void {
  const { bytes, starts, ends, columns } = line;
  let s = start;
  for (let k = 0; k < columns - 1; k += 1) {
    const tab = bytes.indexOf(TAB, s);
    if (tab < 0 || tab > end) {
      const text = bytes.toString('utf8', start, Math.min(end, start + 200));
      throw new Error(`Training read: expected ${columns} tab-separated fields, got "${text}"`);
    }
    starts[k] = s;
    ends[k] = tab;
    s = tab + 1;
  }
  starts[columns - 1] = s;
  ends[columns - 1] = end;
}

/** A typed column that grows (doubling) when the expected length was short. */
class Column<T extends Float64Array | Int32Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(Math.max(1024, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** The values, without copying when the expected length was right. */
  done(): T {
    return (this.length === this.data.length ? this.data : this.data.slice(0, this.length)) as T;
  }
}

const f64 = (n: number) => new Float64Array(n);
const i32 = (n: number) => new Int32Array(n);

/** Strings numbered in order of first appearance. */
class Dictionary {
  readonly entries: string[] = [];
  private readonly codes = new Map<string, number>();

  code(value: string | null): number {
    if (value === null) return -1;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.entries.length;
      this.codes.set(value, code);
      this.entries.push(value);
    }
    return code;
  }
}

/**
 * Builds a CodedEventLog from lines `user, epoch ms, event name, item, value` that come grouped
 * by user and in time order within each user. `expected` (the row count, when known) sizes the
 * columns once. The value and item columns are only allocated once a value / an item is seen.
 */
export class CodedEventLogBuilder {
  private readonly users: string[] = [];
  private readonly offsets: number[] = [0];
  private lastUser: Buffer | null = null;
  private readonly times: Column<Float64Array>;
  private readonly nameCodes: Column<Int32Array>;
  private values: Column<Float64Array> | null = null;
  private itemCodes: Column<Int32Array> | null = null;
  private readonly names = new Dictionary();
  private readonly items = new Dictionary();
  private n = 0;

  constructor(private readonly expected = 0) {
    this.times = new Column(f64(expected), f64);
    this.nameCodes = new Column(i32(expected), i32);
  }

  add(line: TsvLine): void {
    if (this.lastUser === null || !line.same(0, this.lastUser)) {
      const user = line.text(0);
      if (user === null) throw new Error('Training read: an event has no user id');
      if (this.n > 0) this.offsets.push(this.n);
      this.users.push(user);
      this.lastUser = line.raw(0);
    }
    this.times.push(line.integer(1));
    this.nameCodes.push(this.names.code(line.text(2)));
    if (!line.isNull(3) || this.itemCodes) {
      if (!this.itemCodes) {
        this.itemCodes = new Column(i32(Math.max(this.expected, this.n + 1)), i32);
        this.itemCodes.data.fill(-1, 0, this.n);
        this.itemCodes.length = this.n;
      }
      this.itemCodes.push(this.items.code(line.text(3)));
    }
    if (!line.isNull(4) || this.values) {
      if (!this.values) {
        this.values = new Column(f64(Math.max(this.expected, this.n + 1)), f64);
        this.values.data.fill(Number.NaN, 0, this.n);
        this.values.length = this.n;
      }
      this.values.push(line.number(4));
    }
    this.n += 1;
  }

  done(): CodedEventLog {
    if (this.n > 0) this.offsets.push(this.n);
    return {
      users: this.users,
      offsets: Int32Array.from(this.offsets),
      times: this.times.done(),
      names: this.names.entries,
      nameCodes: this.nameCodes.done(),
      values: this.values ? this.values.done() : null,
      items: this.items.entries,
      itemCodes: this.itemCodes ? this.itemCodes.done() : null,
    };
  }
}

/**
 * Builds InteractionPairs from lines `user, item, weight, first epoch ms` (one per distinct
 * pair). Each distinct user and item id is one string shared by its pairs.
 */
export class InteractionPairsBuilder {
  private readonly pairs: {
    users: string[];
    items: string[];
    weights: number[];
    firstTimes: number[];
    events: number;
  } = {
    users: [],
    items: [],
    weights: [],
    firstTimes: [],
    events: 0,
  };
  private readonly userIds = new Map<string, string>();
  private readonly itemIds = new Map<string, string>();

  add(line: TsvLine): void {
    const user = line.text(0);
    const item = line.text(1);
    if (user === null || item === null)
      throw new Error('Training read: a pair has no user or item');
    const weight = line.integer(2);
    this.pairs.users.push(intern(this.userIds, user));
    this.pairs.items.push(intern(this.itemIds, item));
    this.pairs.weights.push(weight);
    this.pairs.firstTimes.push(line.integer(3));
    this.pairs.events += weight;
  }

  done(): InteractionPairs {
    this.userIds.clear();
    this.itemIds.clear();
    return this.pairs;
  }
}

function intern(known: Map<string, string>, value: string): string {
  const found = known.get(value);
  if (found !== undefined) return found;
  known.set(value, value);
  return value;
}
