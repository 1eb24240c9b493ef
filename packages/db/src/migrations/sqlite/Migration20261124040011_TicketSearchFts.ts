import { Migration } from '@mikro-orm/migrations';

/**
 * SQLite's full-text index (written by hand: entities cannot describe a virtual table). An FTS5
 * table over `ticket_search` as external content, kept in step by triggers, so the repository
 * writes only the plain table on both dialects.
 */
export class Migration20261124040011_TicketSearchFts extends Migration {
  override name = 'Migration20261124040011_TicketSearchFts';

  override up(): void {
    this.addSql(
      `create virtual table ticket_search_fts using fts5(public_text, internal_text, content='ticket_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2');`,
    );
    this.addSql(`create trigger ticket_search_fts_insert after insert on ticket_search begin
  insert into ticket_search_fts(rowid, public_text, internal_text) values (new.id, new.public_text, new.internal_text);
end;`);
    this.addSql(`create trigger ticket_search_fts_delete after delete on ticket_search begin
  insert into ticket_search_fts(ticket_search_fts, rowid, public_text, internal_text) values ('delete', old.id, old.public_text, old.internal_text);
end;`);
    this.addSql(`create trigger ticket_search_fts_update after update on ticket_search begin
  insert into ticket_search_fts(ticket_search_fts, rowid, public_text, internal_text) values ('delete', old.id, old.public_text, old.internal_text);
  insert into ticket_search_fts(rowid, public_text, internal_text) values (new.id, new.public_text, new.internal_text);
end;`);
    this.addSql(`insert into ticket_search_fts(ticket_search_fts) values ('rebuild');`);
  }

  override down(): void {
    this.addSql('drop trigger if exists ticket_search_fts_update;');
    this.addSql('drop trigger if exists ticket_search_fts_delete;');
    this.addSql('drop trigger if exists ticket_search_fts_insert;');
    this.addSql('drop table if exists ticket_search_fts;');
  }
}
