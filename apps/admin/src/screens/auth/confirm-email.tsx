import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { publicLayoutRoute } from '../../routes/layout.tsx';

export const confirmEmailRoute = createRoute({
  getParentRoute: () => publicLayoutRoute,
  path: '/confirm-email',
  component: ConfirmEmailScreen,
});

function ConfirmEmailScreen() {
  return <PageHeader title="Confirm new email" />;
}
