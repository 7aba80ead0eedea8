/** A count with its noun in the right number, `1 endpoint`, `3 endpoints`, where messages said `endpoint(s)`. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
