// The API's public contract: every procedure declares what it returns with a zod `.output()`
// schema, and outputs are plain JSON (timestamps as ISO strings, never Date objects), so services
// in any language read exactly what the schemas say.
import { expect, it } from 'vitest';
import { z } from 'zod';
import { appRouter } from '../src/root';
import { ZTimestamp } from '../src/schemas/common';

type AnyDef = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): AnyDef | null =>
  (schema as { _zod?: { def?: AnyDef } } | null)?._zod?.def ?? null;

/** Paths inside a schema where a Date would reach the wire. */
function datesIn(schema: unknown, path = '$', seen = new Set<unknown>()): string[] {
  const def = defOf(schema);
  if (!def || seen.has(schema)) return [];
  seen.add(schema);
  if (def.type === 'date') return [path];
  // A pipe's input side is what the resolver returns; only its output reaches the wire.
  if (def.type === 'pipe') {
    const out = defOf(def.out);
    return out?.type === 'transform' ? [] : datesIn(def.out, path, seen);
  }
  if (def.type === 'lazy') return datesIn((def.getter as () => unknown)(), path, seen);
  const found: string[] = [];
  for (const [key, value] of Object.entries(def)) {
    if (key === 'shape' && value && typeof value === 'object') {
      for (const [field, child] of Object.entries(value as Record<string, unknown>)) {
        found.push(...datesIn(child, `${path}.${field}`, seen));
      }
    } else if (Array.isArray(value)) {
      value.forEach((child, i) => found.push(...datesIn(child, `${path}|${i}`, seen)));
    } else if (defOf(value)) {
      found.push(...datesIn(value, `${path}.${key}`, seen));
    }
  }
  return found;
}

const procedures = Object.entries(appRouter._def.procedures) as unknown as [
  string,
  { _def: { output?: z.ZodType } },
][];

it('every procedure declares an output schema', () => {
  const missing = procedures.filter(([, p]) => !p._def.output).map(([path]) => path);
  expect(missing).toEqual([]);
});

it('no output schema sends a Date (timestamps go as ISO strings)', () => {
  const offenders = procedures.flatMap(([path, p]) =>
    datesIn(p._def.output).map((at) => `${path} ${at}`),
  );
  expect(offenders).toEqual([]);
});

it('the date check itself catches a bare date and accepts the timestamp type', () => {
  expect(datesIn(z.object({ at: z.date() }))).toEqual(['$.at']);
  expect(datesIn(z.object({ at: ZTimestamp.nullable() }))).toEqual([]);
  expect(ZTimestamp.parse(new Date(Date.UTC(2026, 0, 2)))).toBe('2026-01-02T00:00:00.000Z');
});
