import { Migration } from '@mikro-orm/migrations';

export class Migration20261124065729_DirectoryIndexes extends Migration {
  override name = 'Migration20261124065729_DirectoryIndexes';

  override up(): void | Promise<void> {
    this.addSql(`create index \`users_role_name_idx\` on \`users\` (\`role\`, \`name\`, \`id\`);`);

    this.addSql(
      `create index \`notifications_user_created_idx\` on \`notifications\` (\`user_id\`, \`created_at\`, \`id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index \`notifications_user_created_idx\`;`);

    this.addSql(`drop index \`users_role_name_idx\`;`);
  }
}
