/**
 * Query parameters arrive as `@clickhouse/client` sends them to a ClickHouse server: `param_<name>`
 * in the URL, each value in ClickHouse's text (TSV-escaped) form, typed by the `{name:Type}`
 * placeholder in the SQL. chDB's binder takes JavaScript values and escapes them itself, so the
 * text form is decoded back into a value first (else a backslash or quote would be escaped twice).
 */

/** `{name:Type}` placeholders of a query → their declared types. */
export function placeholderTypes(sql: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const match of sql.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^}]+?)\s*\}/g)) {
    types.set(match[1]!, match[2]!);
  }
  return types;
}

const TSV_UNESCAPE: Record<string, string> = {
  t: '\t',
  n: '\n',
  r: '\r',
  b: '\b',
  f: '\f',
  '0': '\0',
  "'": "'",
  '\\': '\\',
};

function tsvUnescape(text: string): string {
  return text.replace(/\\(.)/gs, (_, c: string) => TSV_UNESCAPE[c] ?? c);
}

/** Parses an array literal as the client formats it: `['a','b\'c']`, `[1,2]`, `[]`. */
function parseArrayLiteral(text: string): (string | number | null)[] {
  const body = text.trim().replace(/^\[/, '').replace(/\]$/, '');
  const out: (string | number | null)[] = [];
  let i = 0;
  while (i < body.length) {
    while (body[i] === ' ' || body[i] === ',') i += 1;
    if (i >= body.length) break;
    if (body[i] === "'") {
      let value = '';
      i += 1;
      while (i < body.length && body[i] !== "'") {
        if (body[i] === '\\') {
          value += TSV_UNESCAPE[body[i + 1]!] ?? body[i + 1];
          i += 2;
        } else {
          value += body[i];
          i += 1;
        }
      }
      i += 1;
      out.push(value);
    } else {
      const end = body.indexOf(',', i);
      const token = body.slice(i, end < 0 ? body.length : end).trim();
      out.push(token === 'NULL' ? null : Number(token));
      i = end < 0 ? body.length : end;
    }
  }
  return out;
}

function baseType(type: string): string {
  let t = type.trim();
  for (const wrapper of ['Nullable', 'LowCardinality']) {
    if (t.startsWith(`${wrapper}(`)) t = t.slice(wrapper.length + 1, -1).trim();
  }
  return t;
}

/** Decodes `param_*` URL values for chDB's binder, by each placeholder's declared type. */
export function decodeParams(sql: string, raw: Map<string, string>): Record<string, unknown> {
  const types = placeholderTypes(sql);
  const params: Record<string, unknown> = {};
  for (const [name, text] of raw) {
    const type = baseType(types.get(name) ?? 'String');
    if (text === '\\N') params[name] = null;
    else if (type.startsWith('Array(')) params[name] = parseArrayLiteral(text);
    else if (type === 'String' || type.startsWith('FixedString')) params[name] = tsvUnescape(text);
    else params[name] = text;
  }
  return params;
}
