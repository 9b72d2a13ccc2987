/**
 * Bytes of session ids in one query's `=~` list, counted twice since escaping at most doubles them: well
 * within the back end's query length (16 KiB by default).
 */
const MAX_BATCH_BYTES = 8000;

/** Session ids in lists short enough for one query each. */
export function idBatches(ids: readonly string[]): string[][] {
  const batches: string[][] = [];
  let bytes = Number.POSITIVE_INFINITY;
  for (const id of ids) {
    const size = 2 * Buffer.byteLength(id) + 1;
    if (bytes + size > MAX_BATCH_BYTES) {
      batches.push([]);
      bytes = 0;
    }
    batches.at(-1)?.push(id);
    bytes += size;
  }
  return batches;
}
