import { Migration } from '@mikro-orm/migrations';

/**
 * SQLite's full-text index, written by hand because entities cannot describe a virtual table: an
 * FTS5 table over `ticket_search` as external content. The triggers that keep it in step are
 * declared in the ORM config (see `sqliteSearchTriggers`) and created by the initial migration.
 */
export class Migration20261124041913_TicketSearchFts extends Migration {
  override name = 'Migration20261124041913_TicketSearchFts';

  override up(): void {
    this.addSql(
      `create virtual table ticket_search_fts using fts5(public_text, internal_text, content='ticket_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2');`,
    );
    this.addSql(`insert into ticket_search_fts(ticket_search_fts) values ('rebuild');`);
  }

  override down(): void {
    this.addSql('drop table if exists ticket_search_fts;');
  }
}
