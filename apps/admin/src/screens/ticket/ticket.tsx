import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';

export const ticketRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/tickets/$ticketId',
  component: TicketScreen,
});

function TicketScreen() {
  return <PageHeader title="Ticket" />;
}
