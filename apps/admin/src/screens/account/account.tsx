import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';
import { ApiTokensSection } from './api-tokens.tsx';
import { PasswordSection } from './password.tsx';
import { ProfileSection } from './profile.tsx';
import { SessionsSection } from './sessions.tsx';
import { TwoFactorSection } from './two-factor.tsx';

export const accountRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/account',
  component: AccountScreen,
});

function AccountScreen() {
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title="My account"
        description="Your profile, how you sign in, where you are signed in, and your API tokens."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <ProfileSection />
        <PasswordSection />
        <TwoFactorSection className="lg:col-span-2" />
        <SessionsSection className="lg:col-span-2" />
        <ApiTokensSection className="lg:col-span-2" />
      </div>
    </div>
  );
}
