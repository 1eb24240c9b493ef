import { Migration } from '@mikro-orm/migrations';

export class Migration20261124223610_SearchWithoutForeignKey extends Migration {
  override name = 'Migration20261124223610_SearchWithoutForeignKey';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`ticket_search\` drop foreign key \`ticket_search_ticket_id_foreign\`;`);
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table \`ticket_search\` add constraint \`ticket_search_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade;`,
    );
  }
}
