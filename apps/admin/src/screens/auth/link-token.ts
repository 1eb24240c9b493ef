/**
 * The secret of a mailed link (`…/reset-password#token=…`). It rides in the fragment, which the
 * browser never sends to a server or in a Referer: only the API call that spends it sees it.
 */
export function linkToken(): string {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
}
