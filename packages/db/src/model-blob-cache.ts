/**
 * Parsed model blobs (metrics, params) by model id. A stored model never changes, so its blobs are
 * validated once for the model's lifetime rather than on every read of a hot dashboard or API
 * query. Callers look the model up organization-scoped first, so keying by id is safe. Past
 * `max` entries the oldest goes.
 */
export function modelBlobCache<Raw, T>(
  max: number,
  parse: (raw: Raw) => T,
): (modelId: string, raw: Raw) => T {
  const parsed = new Map<string, T>();
  return (modelId, raw) => {
    if (parsed.has(modelId)) return parsed.get(modelId)!;
    const value = parse(raw);
    if (parsed.size >= max) parsed.delete(parsed.keys().next().value!);
    parsed.set(modelId, value);
    return value;
  };
}
