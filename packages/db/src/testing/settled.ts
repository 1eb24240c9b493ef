/**
 * Runs `search` until every answer it gives holds at least one row (at most ~2 s), and answers the
 * last. MariaDB now and then answers the first full-text searches of a table written a moment ago
 * with nothing at all, and the same searches repeated at once with everything (seen in 2 of 13
 * runs of the same test, all three concurrent searches empty, then all full). Tests that compare
 * answers before and after a change to the index wait for the index to answer first.
 */
export async function settledSearch<T>(search: () => Promise<T[][]>): Promise<T[][]> {
  let answers = await search();
  for (let attempt = 0; attempt < 20 && answers.some((rows) => rows.length === 0); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    answers = await search();
  }
  return answers;
}
