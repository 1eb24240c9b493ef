import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';

export const organizationRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/organizations/$organizationId',
  component: OrganizationScreen,
});

function OrganizationScreen() {
  return <PageHeader title="Organization" />;
}
