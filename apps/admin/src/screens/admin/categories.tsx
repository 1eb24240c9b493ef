import { createRoute } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';

export const categoriesRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/admin/categories',
  component: CategoriesScreen,
});

function CategoriesScreen() {
  return <PageHeader title="Categories & fields" />;
}
