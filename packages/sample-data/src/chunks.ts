/** Joins generated lines into text chunks of about `size` characters, each ending in a newline. */
export async function* chunked(lines: Iterable<string>, size = 64 * 1024): AsyncGenerator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const line of lines) {
    parts.push(line);
    length += line.length + 1;
    if (length >= size) {
      yield parts.join('\n') + '\n';
      parts = [];
      length = 0;
      // Let other work (a request, a database write) run between chunks.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  if (parts.length > 0) yield parts.join('\n') + '\n';
}

/** A whole generated file as one string (tests and small scales only). */
export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}
