import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { publicLayoutRoute } from '../../routes/layout.tsx';

export const acceptInviteRoute = createRoute({
  getParentRoute: () => publicLayoutRoute,
  path: '/accept-invite',
  component: AcceptInviteScreen,
});

function AcceptInviteScreen() {
  return <PageHeader title="Accept invitation" />;
}
