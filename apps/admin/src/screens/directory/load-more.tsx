import { Button } from '../../components/ui/button.tsx';
import { Alert } from '../../components/ui/states.tsx';
import { errorMessage } from '../../lib/errors.ts';

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => unknown;
}

/** The end of a keyset-paged list: "Load more" while the server has more, and why it failed. */
export function LoadMore({ query, what }: { query: PagedQuery; what: string }) {
  if (!query.hasNextPage && !query.isFetchNextPageError) return null;
  return (
    <div className="mt-3 space-y-2">
      {query.isFetchNextPageError ? <Alert>{errorMessage(query.error)}</Alert> : null}
      <Button variant="secondary" busy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
        Load more {what}
      </Button>
    </div>
  );
}
