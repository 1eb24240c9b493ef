import { Migration } from '@mikro-orm/migrations';

export class Migration20261124065730_DirectoryIndexes extends Migration {
  override name = 'Migration20261124065730_DirectoryIndexes';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`users\` add index \`users_role_name_idx\` (\`role\`, \`name\`, \`id\`);`);

    this.addSql(
      `alter table \`notifications\` add index \`notifications_user_created_idx\` (\`user_id\`, \`created_at\`, \`id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`notifications\` drop index \`notifications_user_created_idx\`;`);

    this.addSql(`alter table \`users\` drop index \`users_role_name_idx\`;`);
  }
}
