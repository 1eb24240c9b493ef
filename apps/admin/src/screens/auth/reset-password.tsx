import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { publicLayoutRoute } from '../../routes/layout.tsx';

export const resetPasswordRoute = createRoute({
  getParentRoute: () => publicLayoutRoute,
  path: '/reset-password',
  component: ResetPasswordScreen,
});

function ResetPasswordScreen() {
  return <PageHeader title="Choose a new password" />;
}
