import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';

export const cannedResponsesRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/admin/canned-responses',
  component: CannedResponsesScreen,
});

function CannedResponsesScreen() {
  return <PageHeader title="Canned responses" />;
}
