import { Migration } from '@mikro-orm/migrations';

export class Migration20261124041912_Initial extends Migration {
  override name = 'Migration20261124041912_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`categories\` (\`id\` text not null primary key, \`name\` text not null, \`description\` text not null default '', \`active\` integer not null default true, \`created_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`categories_name_unique\` on \`categories\` (\`name\`);`);

    this.addSql(
      `create table \`custom_fields\` (\`id\` text not null primary key, \`key\` text not null, \`label\` text not null, \`type\` text check (\`type\` in ('text', 'number', 'date', 'checkbox', 'select', 'multiselect')) not null, \`required\` integer not null default false, \`options\` json not null, \`category_id\` text null, \`active\` integer not null default true, \`position\` integer not null default 0, \`created_at\` datetime not null, constraint \`custom_fields_category_id_foreign\` foreign key (\`category_id\`) references \`categories\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create unique index \`custom_fields_key_unique\` on \`custom_fields\` (\`key\`);`);
    this.addSql(`create index \`custom_fields_category_id_index\` on \`custom_fields\` (\`category_id\`);`);

    this.addSql(
      `create table \`idempotency_records\` (\`key\` text not null primary key, \`request_hash\` text not null, \`response\` json null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `create index \`idempotency_records_created_at_index\` on \`idempotency_records\` (\`created_at\`);`,
    );

    this.addSql(
      `create table \`job_leases\` (\`name\` text not null primary key, \`owner\` text not null, \`locked_until\` datetime not null);`,
    );

    this.addSql(
      `create table \`organizations\` (\`id\` text not null primary key, \`name\` text not null, \`shared_tickets\` integer not null default false, \`created_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`organizations_name_unique\` on \`organizations\` (\`name\`);`);

    this.addSql(
      `create table \`rate_limit_buckets\` (\`key\` text not null primary key, \`count\` integer not null, \`reset_at\` datetime not null);`,
    );
    this.addSql(
      `create index \`rate_limit_buckets_reset_at_index\` on \`rate_limit_buckets\` (\`reset_at\`);`,
    );

    this.addSql(
      `create table \`settings\` (\`key\` text not null primary key, \`value\` json not null, \`updated_at\` datetime not null);`,
    );

    this.addSql(
      `create table \`tags\` (\`id\` text not null primary key, \`name\` text not null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`tags_name_unique\` on \`tags\` (\`name\`);`);

    this.addSql(
      `create table \`teams\` (\`id\` text not null primary key, \`name\` text not null, \`round_robin\` integer not null default false, \`created_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`teams_name_unique\` on \`teams\` (\`name\`);`);

    this.addSql(
      `create table \`users\` (\`id\` text not null primary key, \`email\` text not null, \`name\` text not null, \`role\` text check (\`role\` in ('customer', 'agent', 'admin')) not null default 'customer', \`password_hash\` text null, \`active\` integer not null default true, \`organization_id\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`users_organization_id_foreign\` foreign key (\`organization_id\`) references \`organizations\` (\`id\`) on delete set null);`,
    );
    this.addSql(`create unique index \`users_email_unique\` on \`users\` (\`email\`);`);
    this.addSql(`create index \`users_organization_id_index\` on \`users\` (\`organization_id\`);`);
    this.addSql(`create index \`users_role_active_index\` on \`users\` (\`role\`, \`active\`);`);

    this.addSql(
      `create table \`tickets\` (\`id\` text not null primary key, \`reference\` text not null, \`subject\` text not null, \`status\` text check (\`status\` in ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')) not null default 'new', \`priority\` text check (\`priority\` in ('low', 'normal', 'high', 'urgent')) not null default 'normal', \`priority_rank\` integer not null default 2, \`channel\` text check (\`channel\` in ('portal', 'web_form', 'api', 'agent')) not null default 'portal', \`requester_id\` text not null, \`assignee_id\` text null, \`team_id\` text null, \`category_id\` text null, \`custom_fields\` json not null, \`merged_into_id\` text null, \`follow_up_of_id\` text null, \`due_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`customer_updated_at\` datetime not null, \`first_response_at\` datetime null, \`solved_at\` datetime null, \`closed_at\` datetime null, \`version\` integer not null default 1, constraint \`tickets_requester_id_foreign\` foreign key (\`requester_id\`) references \`users\` (\`id\`), constraint \`tickets_assignee_id_foreign\` foreign key (\`assignee_id\`) references \`users\` (\`id\`) on delete set null, constraint \`tickets_team_id_foreign\` foreign key (\`team_id\`) references \`teams\` (\`id\`) on delete set null, constraint \`tickets_category_id_foreign\` foreign key (\`category_id\`) references \`categories\` (\`id\`) on delete set null, constraint \`tickets_merged_into_id_foreign\` foreign key (\`merged_into_id\`) references \`tickets\` (\`id\`) on delete set null, constraint \`tickets_follow_up_of_id_foreign\` foreign key (\`follow_up_of_id\`) references \`tickets\` (\`id\`) on delete set null);`,
    );
    this.addSql(`create unique index \`tickets_reference_unique\` on \`tickets\` (\`reference\`);`);
    this.addSql(`create index \`tickets_merged_into_id_index\` on \`tickets\` (\`merged_into_id\`);`);
    this.addSql(`create index \`tickets_follow_up_of_id_index\` on \`tickets\` (\`follow_up_of_id\`);`);
    this.addSql(`create index \`tickets_updated_idx\` on \`tickets\` (\`updated_at\`, \`id\`);`);
    this.addSql(`create index \`tickets_created_idx\` on \`tickets\` (\`created_at\`, \`id\`);`);
    this.addSql(`create index \`tickets_due_idx\` on \`tickets\` (\`due_at\`, \`id\`);`);
    this.addSql(`create index \`tickets_solved_idx\` on \`tickets\` (\`solved_at\`);`);
    this.addSql(
      `create index \`tickets_status_updated_idx\` on \`tickets\` (\`status\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `create index \`tickets_status_priority_idx\` on \`tickets\` (\`status\`, \`priority_rank\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(`create index \`tickets_status_due_idx\` on \`tickets\` (\`status\`, \`due_at\`, \`id\`);`);
    this.addSql(
      `create index \`tickets_assignee_updated_idx\` on \`tickets\` (\`assignee_id\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `create index \`tickets_assignee_status_updated_idx\` on \`tickets\` (\`assignee_id\`, \`status\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `create index \`tickets_team_status_updated_idx\` on \`tickets\` (\`team_id\`, \`status\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `create index \`tickets_category_status_updated_idx\` on \`tickets\` (\`category_id\`, \`status\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `create index \`tickets_requester_updated_idx\` on \`tickets\` (\`requester_id\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `create index \`tickets_requester_customer_updated_idx\` on \`tickets\` (\`requester_id\`, \`customer_updated_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`ticket_tags\` (\`ticket_id\` text not null, \`tag_id\` text not null, primary key (\`ticket_id\`, \`tag_id\`), constraint \`ticket_tags_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on update cascade on delete cascade, constraint \`ticket_tags_tag_id_foreign\` foreign key (\`tag_id\`) references \`tags\` (\`id\`) on update cascade on delete cascade);`,
    );
    this.addSql(`create index \`ticket_tags_ticket_id_index\` on \`ticket_tags\` (\`ticket_id\`);`);
    this.addSql(
      `create index \`ticket_tags_tag_ticket_idx\` on \`ticket_tags\` (\`tag_id\`, \`ticket_id\`);`,
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
      `create table \`ticket_links\` (\`ticket_id\` text not null, \`related_id\` text not null, \`created_at\` datetime not null, primary key (\`ticket_id\`, \`related_id\`), constraint \`ticket_links_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on update cascade on delete cascade, constraint \`ticket_links_related_id_foreign\` foreign key (\`related_id\`) references \`tickets\` (\`id\`) on update cascade on delete cascade);`,
    );
    this.addSql(`create index \`ticket_links_ticket_id_index\` on \`ticket_links\` (\`ticket_id\`);`);
    this.addSql(`create index \`ticket_links_related_id_index\` on \`ticket_links\` (\`related_id\`);`);

    this.addSql(
      `create table \`ticket_events\` (\`id\` text not null primary key, \`ticket_id\` text not null, \`actor_id\` text null, \`kind\` text check (\`kind\` in ('created', 'replied', 'note_added', 'field_changed', 'merged_into', 'merged_from', 'split_to', 'split_from', 'linked', 'unlinked', 'follow_up_created', 'auto_closed')) not null, \`field\` text null, \`from_value\` text null, \`to_value\` text null, \`internal\` integer not null default false, \`created_at\` datetime not null, constraint \`ticket_events_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade, constraint \`ticket_events_actor_id_foreign\` foreign key (\`actor_id\`) references \`users\` (\`id\`) on delete set null);`,
    );
    this.addSql(`create index \`ticket_events_actor_id_index\` on \`ticket_events\` (\`actor_id\`);`);
    this.addSql(
      `create index \`ticket_events_ticket_created_idx\` on \`ticket_events\` (\`ticket_id\`, \`created_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`team_members\` (\`team_id\` text not null, \`user_id\` text not null, \`last_assigned_at\` datetime null, primary key (\`team_id\`, \`user_id\`), constraint \`team_members_team_id_foreign\` foreign key (\`team_id\`) references \`teams\` (\`id\`) on update cascade on delete cascade, constraint \`team_members_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade);`,
    );
    this.addSql(`create index \`team_members_team_id_index\` on \`team_members\` (\`team_id\`);`);
    this.addSql(`create index \`team_members_user_id_index\` on \`team_members\` (\`user_id\`);`);

    this.addSql(
      `create table \`sessions\` (\`id\` text not null primary key, \`secret_hash\` text not null, \`user_id\` text not null, \`created_at\` datetime not null, \`last_active_at\` datetime not null, \`user_agent\` text null, \`ip\` text null, constraint \`sessions_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create index \`sessions_user_id_index\` on \`sessions\` (\`user_id\`);`);

    this.addSql(
      `create table \`saved_views\` (\`id\` text not null primary key, \`name\` text not null, \`owner_id\` text not null, \`shared\` integer not null default false, \`filters\` json not null, \`position\` integer not null default 0, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`saved_views_owner_id_foreign\` foreign key (\`owner_id\`) references \`users\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create index \`saved_views_owner_id_index\` on \`saved_views\` (\`owner_id\`);`);

    this.addSql(
      `create table \`notifications\` (\`id\` text not null primary key, \`user_id\` text not null, \`kind\` text check (\`kind\` in ('assigned', 'customer_replied', 'mentioned')) not null, \`ticket_id\` text null, \`actor_id\` text null, \`created_at\` datetime not null, \`read_at\` datetime null, constraint \`notifications_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade, constraint \`notifications_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade, constraint \`notifications_actor_id_foreign\` foreign key (\`actor_id\`) references \`users\` (\`id\`) on delete set null);`,
    );
    this.addSql(`create index \`notifications_ticket_id_index\` on \`notifications\` (\`ticket_id\`);`);
    this.addSql(`create index \`notifications_actor_id_index\` on \`notifications\` (\`actor_id\`);`);
    this.addSql(
      `create index \`notifications_user_read_created_idx\` on \`notifications\` (\`user_id\`, \`read_at\`, \`created_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`messages\` (\`id\` text not null primary key, \`ticket_id\` text not null, \`author_id\` text not null, \`body\` mediumtext not null, \`internal\` integer not null default false, \`created_at\` datetime not null, constraint \`messages_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade, constraint \`messages_author_id_foreign\` foreign key (\`author_id\`) references \`users\` (\`id\`));`,
    );
    this.addSql(`create index \`messages_author_id_index\` on \`messages\` (\`author_id\`);`);
    this.addSql(
      `create index \`messages_ticket_created_idx\` on \`messages\` (\`ticket_id\`, \`created_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`canned_responses\` (\`id\` text not null primary key, \`title\` text not null, \`body\` text not null, \`set_status\` text check (\`set_status\` in ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')) null, \`set_priority\` text check (\`set_priority\` in ('low', 'normal', 'high', 'urgent')) null, \`add_tags\` json not null, \`shared\` integer not null default false, \`owner_id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`canned_responses_owner_id_foreign\` foreign key (\`owner_id\`) references \`users\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create index \`canned_responses_owner_id_index\` on \`canned_responses\` (\`owner_id\`);`);

    this.addSql(
      `create table \`audit_log\` (\`id\` text not null primary key, \`actor_id\` text null, \`action\` text not null, \`target_type\` text not null, \`target_id\` text null, \`details\` json not null, \`created_at\` datetime not null, constraint \`audit_log_actor_id_foreign\` foreign key (\`actor_id\`) references \`users\` (\`id\`) on delete set null);`,
    );
    this.addSql(`create index \`audit_log_actor_id_index\` on \`audit_log\` (\`actor_id\`);`);
    this.addSql(`create index \`audit_log_created_at_index\` on \`audit_log\` (\`created_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`categories\`;`);
    this.addSql(`drop table if exists \`custom_fields\`;`);
    this.addSql(`drop table if exists \`idempotency_records\`;`);
    this.addSql(`drop table if exists \`job_leases\`;`);
    this.addSql(`drop table if exists \`organizations\`;`);
    this.addSql(`drop table if exists \`rate_limit_buckets\`;`);
    this.addSql(`drop table if exists \`settings\`;`);
    this.addSql(`drop table if exists \`tags\`;`);
    this.addSql(`drop table if exists \`teams\`;`);
    this.addSql(`drop table if exists \`users\`;`);
    this.addSql(`drop table if exists \`tickets\`;`);
    this.addSql(`drop table if exists \`ticket_tags\`;`);
    this.addSql(`drop trigger if exists \`ticket_search_fts_insert\`;`);
    this.addSql(`drop trigger if exists \`ticket_search_fts_delete\`;`);
    this.addSql(`drop trigger if exists \`ticket_search_fts_update\`;`);
    this.addSql(`drop table if exists \`ticket_search\`;`);
    this.addSql(`drop table if exists \`ticket_links\`;`);
    this.addSql(`drop table if exists \`ticket_events\`;`);
    this.addSql(`drop table if exists \`team_members\`;`);
    this.addSql(`drop table if exists \`sessions\`;`);
    this.addSql(`drop table if exists \`saved_views\`;`);
    this.addSql(`drop table if exists \`notifications\`;`);
    this.addSql(`drop table if exists \`messages\`;`);
    this.addSql(`drop table if exists \`canned_responses\`;`);
    this.addSql(`drop table if exists \`audit_log\`;`);
  }
}
