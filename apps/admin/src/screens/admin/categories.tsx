import { useQuery } from '@tanstack/react-query';
import { createRoute } from '@tanstack/react-router';
import { trpc } from '../../lib/trpc.ts';
import { appLayoutRoute } from '../../routes/layout.tsx';
import { CategorySection } from './category-section.tsx';
import { CustomFieldSection } from './custom-field-section.tsx';
import { SettingsSection } from './settings-section.tsx';
import { AdminScreen } from './shared.tsx';

export const categoriesRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/manage/categories',
  component: CategoriesScreen,
});

function CategoriesScreen() {
  return (
    <AdminScreen
      title="Categories & fields"
      description="What tickets are filed under, the extra fields they carry, and desk-wide settings."
      what="manage categories, custom fields and settings"
    >
      <Sections />
    </AdminScreen>
  );
}

function Sections() {
  // Both sections need the categories: custom fields name the category they belong to.
  const categories = useQuery(trpc.categories.list.queryOptions());
  return (
    <>
      <CategorySection categories={categories} />
      <CustomFieldSection categories={categories.data ?? []} />
      <SettingsSection />
    </>
  );
}
