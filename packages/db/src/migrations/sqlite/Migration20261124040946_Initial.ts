import { Migration } from '@mikro-orm/migrations';

export class Migration20261124040946_Initial extends Migration {
  override name = 'Migration20261124040946_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`users\` (\`id\` text not null primary key, \`email\` text not null, \`name\` text not null, \`role\` text check (\`role\` in ('customer', 'agent', 'admin')) not null default 'customer', \`password_hash\` text null, \`active\` integer not null default true, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`users_email_unique\` on \`users\` (\`email\`);`);
    this.addSql(`create index \`users_role_active_index\` on \`users\` (\`role\`, \`active\`);`);

    this.addSql(
      `create table \`tickets\` (\`id\` text not null primary key, \`reference\` text not null, \`subject\` text not null, \`status\` text check (\`status\` in ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')) not null default 'new', \`priority\` text check (\`priority\` in ('low', 'normal', 'high', 'urgent')) not null default 'normal', \`requester_id\` text not null, \`assignee_id\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`customer_updated_at\` datetime not null, \`first_response_at\` datetime null, \`solved_at\` datetime null, \`closed_at\` datetime null, \`version\` integer not null default 1, constraint \`tickets_requester_id_foreign\` foreign key (\`requester_id\`) references \`users\` (\`id\`), constraint \`tickets_assignee_id_foreign\` foreign key (\`assignee_id\`) references \`users\` (\`id\`) on delete set null);`,
    );
    this.addSql(`create unique index \`tickets_reference_unique\` on \`tickets\` (\`reference\`);`);
    this.addSql(`create index \`tickets_updated_idx\` on \`tickets\` (\`updated_at\`, \`id\`);`);
    this.addSql(
      `create index \`tickets_status_updated_idx\` on \`tickets\` (\`status\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `create index \`tickets_assignee_updated_idx\` on \`tickets\` (\`assignee_id\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `create index \`tickets_assignee_status_updated_idx\` on \`tickets\` (\`assignee_id\`, \`status\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `create index \`tickets_requester_customer_updated_idx\` on \`tickets\` (\`requester_id\`, \`customer_updated_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`ticket_search\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` text not null, \`public_text\` mediumtext not null, \`internal_text\` mediumtext not null, constraint \`ticket_search_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade);`,
    );
    this.addSql(
      `create unique index \`ticket_search_ticket_id_unique\` on \`ticket_search\` (\`ticket_id\`);`,
    );
    this.addSql(
      `create trigger \`ticket_search_fts_insert\` AFTER INSERT on \`ticket_search\` for each ROW begin insert into ticket_search_fts(rowid, public_text, internal_text) values (new.id, new.public_text, new.internal_text); end;`,
    );
    this.addSql(
      `create trigger \`ticket_search_fts_delete\` AFTER DELETE on \`ticket_search\` for each ROW begin insert into ticket_search_fts(ticket_search_fts, rowid, public_text, internal_text) values ('delete', old.id, old.public_text, old.internal_text); end;`,
    );
    this.addSql(
      `create trigger \`ticket_search_fts_update\` AFTER UPDATE on \`ticket_search\` for each ROW begin insert into ticket_search_fts(ticket_search_fts, rowid, public_text, internal_text) values ('delete', old.id, old.public_text, old.internal_text); insert into ticket_search_fts(rowid, public_text, internal_text) values (new.id, new.public_text, new.internal_text); end;`,
    );

    this.addSql(
      `create table \`sessions\` (\`id\` text not null primary key, \`secret_hash\` text not null, \`user_id\` text not null, \`created_at\` datetime not null, \`last_active_at\` datetime not null, \`user_agent\` text null, \`ip\` text null, constraint \`sessions_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create index \`sessions_user_id_index\` on \`sessions\` (\`user_id\`);`);

    this.addSql(
      `create table \`messages\` (\`id\` text not null primary key, \`ticket_id\` text not null, \`author_id\` text not null, \`body\` mediumtext not null, \`internal\` integer not null default false, \`created_at\` datetime not null, constraint \`messages_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade, constraint \`messages_author_id_foreign\` foreign key (\`author_id\`) references \`users\` (\`id\`));`,
    );
    this.addSql(`create index \`messages_author_id_index\` on \`messages\` (\`author_id\`);`);
    this.addSql(
      `create index \`messages_ticket_created_idx\` on \`messages\` (\`ticket_id\`, \`created_at\`, \`id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`users\`;`);
    this.addSql(`drop table if exists \`tickets\`;`);
    this.addSql(`drop trigger if exists \`ticket_search_fts_insert\`;`);
    this.addSql(`drop trigger if exists \`ticket_search_fts_delete\`;`);
    this.addSql(`drop trigger if exists \`ticket_search_fts_update\`;`);
    this.addSql(`drop table if exists \`ticket_search\`;`);
    this.addSql(`drop table if exists \`sessions\`;`);
    this.addSql(`drop table if exists \`messages\`;`);
  }
}
