import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';

export const accountRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/account',
  component: AccountScreen,
});

function AccountScreen() {
  return <PageHeader title="My account" />;
}
