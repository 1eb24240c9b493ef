import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';

export const teamsRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/admin/teams',
  component: TeamsScreen,
});

function TeamsScreen() {
  return <PageHeader title="Teams" />;
}
