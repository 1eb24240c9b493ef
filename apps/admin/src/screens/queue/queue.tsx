import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';

export const queueRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/queue',
  component: QueueScreen,
});

function QueueScreen() {
  return <PageHeader title="Queue" />;
}
