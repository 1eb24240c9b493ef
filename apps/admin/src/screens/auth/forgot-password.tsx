import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { publicLayoutRoute } from '../../routes/layout.tsx';

export const forgotPasswordRoute = createRoute({
  getParentRoute: () => publicLayoutRoute,
  path: '/forgot-password',
  component: ForgotPasswordScreen,
});

function ForgotPasswordScreen() {
  return <PageHeader title="Forgot password" />;
}
