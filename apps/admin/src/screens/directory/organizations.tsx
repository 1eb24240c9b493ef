import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';

export const organizationsRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/organizations',
  component: OrganizationsScreen,
});

function OrganizationsScreen() {
  return <PageHeader title="Organizations" />;
}
