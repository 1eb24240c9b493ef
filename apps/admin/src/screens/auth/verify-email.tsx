import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { publicLayoutRoute } from '../../routes/layout.tsx';

export const verifyEmailRoute = createRoute({
  getParentRoute: () => publicLayoutRoute,
  path: '/verify-email',
  component: VerifyEmailScreen,
});

function VerifyEmailScreen() {
  return <PageHeader title="Verify email" />;
}
