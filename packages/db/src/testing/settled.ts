import { isDeepStrictEqual } from 'node:util';

/**
 * Runs `search` until its answers are settled (at most ~5 s), and answers the last. By default
 * settled means every answer holds at least one row: MariaDB now and then answers the first
 * full-text searches of a table written a moment ago with nothing at all, and the same searches
 * repeated at once with everything (seen in 2 of 13 runs of the same test, all three concurrent
 * searches empty, then all full). Under load it has also answered part (4 of 15 tickets, in CI
 * with every suite running beside it, after a few hundred rewrites of the documents): a test that
 * knows what the index must answer passes it as `expected` and waits for that. The caller still
 * asserts the answer, so an index that never gets there fails the test.
 */
export async function settledSearch<T>(search: () => Promise<T[][]>, expected?: T[][]): Promise<T[][]> {
  const settled = (answers: T[][]) =>
    expected ? isDeepStrictEqual(answers, expected) : answers.every((rows) => rows.length > 0);
  let answers = await search();
  for (let attempt = 0; attempt < 50 && !settled(answers); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    answers = await search();
  }
  return answers;
}
