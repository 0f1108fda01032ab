/**
 * Which rows a page holds when a list of `total` rows is read in index order (decision 152): a page
 * in the far half is read from the other end of the index, backwards (`fromEnd`), with this
 * `limit` and `offset`, and its rows turned round, so the last page costs what the first does
 * rather than a walk over every row before it. A page past the end has a limit of 0.
 */
export function pageFromEitherEnd(total: number, page: { limit: number; offset: number }): { fromEnd: boolean; limit: number; offset: number } {
  const fromEnd = page.offset > total / 2;
  const limit = fromEnd ? Math.max(0, Math.min(page.limit, total - page.offset)) : page.limit;
  const offset = fromEnd ? Math.max(0, total - page.offset - limit) : page.offset;
  return { fromEnd, limit, offset };
}
