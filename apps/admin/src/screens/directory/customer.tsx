import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';

export const customerRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/customers/$customerId',
  component: CustomerScreen,
});

function CustomerScreen() {
  return <PageHeader title="Customer" />;
}
