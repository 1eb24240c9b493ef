import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';

export const agentsRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/admin/agents',
  component: AgentsScreen,
});

function AgentsScreen() {
  return <PageHeader title="Agents" />;
}
