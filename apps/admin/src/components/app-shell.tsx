import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate, useRouteContext } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useLiveUpdates } from '../lib/live.ts';
import { onSessionEnded, trpc } from '../lib/trpc.ts';
import { Button } from './ui/button.tsx';
import { Alert } from './ui/states.tsx';

interface NavItem {
  to: string;
  label: string;
  adminOnly?: boolean;
}

const workNav: NavItem[] = [
  { to: '/', label: 'Home' },
  { to: '/queue', label: 'Queue' },
  { to: '/customers', label: 'Customers' },
  { to: '/organizations', label: 'Organizations' },
];

const adminNav: NavItem[] = [
  { to: '/manage/agents', label: 'Agents', adminOnly: true },
  { to: '/manage/teams', label: 'Teams', adminOnly: true },
  { to: '/manage/categories', label: 'Categories & fields', adminOnly: true },
  { to: '/manage/canned-responses', label: 'Canned responses' },
  { to: '/manage/audit', label: 'Audit log', adminOnly: true },
];

const linkClass =
  'block rounded-md px-3 py-2 text-sm font-medium text-slate-200 hover:bg-slate-800 hover:text-white data-[status=active]:bg-slate-700 data-[status=active]:text-white';

/** The frame of every signed-in screen: navigation, the signed-in person, sign-out. */
export function AppShell() {
  const { me } = useRouteContext({ from: '/app' });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [menuOpen, setMenuOpen] = useState(false);

  // Signed-out screens answer UNAUTHORIZED for wrong passwords: only a signed-in shell listens.
  useEffect(
    () =>
      onSessionEnded(() => {
        queryClient.clear();
        void navigate({ to: '/sign-in', search: { ended: true } });
      }),
    [queryClient, navigate],
  );

  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        void navigate({ to: '/sign-in' });
      },
    }),
  );
  const live = useLiveUpdates(me.role !== 'customer');
  // When the desk requires two-factor sign-in for staff, the API refuses everything else until it
  // is on: take the person to where they can turn it on instead of showing refusals.
  // Changes only when this person turns it on (the account screen refetches it) or an admin
  // changes the rule: not worth a request on every return to the tab.
  const twoFactor = useQuery({
    ...trpc.twoFactor.status.queryOptions(),
    enabled: me.role !== 'customer',
    staleTime: 5 * 60_000,
  });
  const mustSetUpTwoFactor = Boolean(twoFactor.data?.required && !twoFactor.data.enabled);
  const { pathname } = useLocation();
  useEffect(() => {
    if (mustSetUpTwoFactor && !pathname.endsWith('/account')) void navigate({ to: '/account' });
  }, [mustSetUpTwoFactor, pathname, navigate]);
  const unread = useQuery({
    ...trpc.notifications.unreadCount.queryOptions(),
    refetchInterval: 30_000,
    enabled: me.role !== 'customer',
  });

  if (me.role === 'customer') {
    return (
      <main className="mx-auto mt-24 max-w-md p-6">
        <h1 className="text-xl font-semibold">This dashboard is for the support team</h1>
        <p className="mt-2 text-sm text-slate-700">
          You are signed in as {me.email}, a customer account. Your requests are answered by email and in the
          customer portal.
        </p>
        <Button className="mt-4" onClick={() => signOut.mutate()} busy={signOut.isPending}>
          Sign out
        </Button>
      </main>
    );
  }

  const items = [...workNav, ...adminNav].filter((item) => !item.adminOnly || me.role === 'admin');
  return (
    <div className="min-h-screen md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="flex items-center justify-between bg-slate-900 px-4 py-3 text-white md:hidden">
        <span className="font-semibold">Helpdesk</span>
        <Button
          variant="inverse"
          size="sm"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </Button>
      </header>
      <nav
        id="main-nav"
        aria-label="Main"
        className={`${menuOpen ? 'block' : 'hidden'} w-full shrink-0 bg-slate-900 md:block md:w-60`}
      >
        {/* The dark column runs the page's full height; the menu in it stays in view. */}
        <div className="p-3 md:sticky md:top-0 md:max-h-screen md:overflow-y-auto">
          <p className="hidden px-3 pb-4 text-lg font-semibold text-white md:block">Helpdesk</p>
          <ul className="space-y-1">
            {workNav.map((item) => (
              <li key={item.to}>
                <Link
                  to={item.to}
                  className={linkClass}
                  activeOptions={{ exact: item.to === '/' }}
                  onClick={() => setMenuOpen(false)}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
          <p className="mt-6 px-3 pb-1 text-xs font-semibold tracking-wide text-slate-300 uppercase">
            Manage
          </p>
          <ul className="space-y-1">
            {items
              .filter((item) => adminNav.includes(item))
              .map((item) => (
                <li key={item.to}>
                  <Link to={item.to} className={linkClass} onClick={() => setMenuOpen(false)}>
                    {item.label}
                  </Link>
                </li>
              ))}
          </ul>
          <div className="mt-6 border-t border-slate-700 pt-4">
            <Link to="/account" className={linkClass} onClick={() => setMenuOpen(false)}>
              {me.name}
              <span className="block text-xs font-normal text-slate-300">
                {me.role}
                {unread.data?.count ? ` · ${unread.data.count} unread` : ''}
              </span>
            </Link>
            <Button
              variant="inverse"
              size="sm"
              className="mt-2 w-full justify-start"
              onClick={() => signOut.mutate()}
              busy={signOut.isPending}
            >
              Sign out
            </Button>
            <p className="mt-3 flex items-center gap-2 px-3 text-xs text-slate-300" data-live={live.status}>
              <span
                aria-hidden
                className={`size-2 rounded-full ${live.status === 'pending' ? 'bg-green-400' : live.status === 'error' ? 'bg-red-400' : 'bg-slate-400'}`}
              />
              {live.status === 'pending'
                ? 'Live updates on'
                : live.status === 'error'
                  ? 'Live updates paused'
                  : 'Connecting…'}
            </p>
          </div>
        </div>
      </nav>
      <main id="main" className="min-w-0 flex-1 p-4 md:p-8">
        {signOut.error ? <Alert>Signing out failed; try again.</Alert> : null}
        {mustSetUpTwoFactor ? (
          <div className="mb-4">
            <Alert tone="info">
              This desk requires two-factor sign-in for agents and admins. Turn it on below to continue.
            </Alert>
          </div>
        ) : null}
        <Outlet />
      </main>
    </div>
  );
}
