/**
 * The cases of a table-driven test (`it.each`), checked to number exactly `count`
 * when the file is collected: a fixture that lost or gained cases fails the file
 * instead of silently running fewer or more tests.
 */
export function exactly<T>(count: number, cases: readonly T[], what: string): T[] {
  if (cases.length !== count) throw new Error(`${what}: expected ${count} cases, found ${cases.length}`);
  return [...cases];
}
