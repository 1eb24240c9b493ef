import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';

export const customersRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/customers',
  component: CustomersScreen,
});

function CustomersScreen() {
  return <PageHeader title="Customers" />;
}
