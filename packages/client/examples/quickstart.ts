import { createHelpdeskClient, errorCode } from '@helpdesk/client';

// In a browser, leave `fetch` out: the browser keeps the HttpOnly session cookie itself.
// In Node, pass a cookie-keeping fetch such as `cookieJarFetch()` from this package.
export async function quickstart(url: string, fetch?: typeof globalThis.fetch) {
  const helpdesk = createHelpdeskClient({ url, fetch });

  // New users are customers; signing up also signs in.
  const { user } = await helpdesk.auth.signUp.mutate({
    email: `ada.${Date.now()}@example.com`,
    password: 'a long passphrase',
    name: 'Ada Lovelace',
  });

  const ticket = await helpdesk.tickets.create.mutate({
    subject: 'Cannot download my invoice',
    body: 'The download button does nothing.',
  });

  const { items } = await helpdesk.tickets.list.query({ status: ['new', 'open'] });

  // Errors carry a code a front-end can act on, and field errors for forms.
  let notFound = '';
  try {
    await helpdesk.tickets.get.query({ id: '00000000000000000000000000' });
  } catch (error) {
    notFound = errorCode(error) ?? 'unknown';
  }

  return { user, ticket, items, notFound };
}
