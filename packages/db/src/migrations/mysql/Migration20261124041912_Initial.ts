import { Migration } from '@mikro-orm/migrations';

export class Migration20261124041912_Initial extends Migration {
  override name = 'Migration20261124041912_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`categories\` (\`id\` varchar(26) not null, \`name\` varchar(80) not null, \`description\` varchar(500) not null default '', \`active\` tinyint(1) not null default true, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`categories\` add unique \`categories_name_unique\` (\`name\`);`);

    this.addSql(
      `create table \`custom_fields\` (\`id\` varchar(26) not null, \`key\` varchar(40) not null, \`label\` varchar(120) not null, \`type\` enum('text','number','date','checkbox','select','multiselect') not null, \`required\` tinyint(1) not null default false, \`options\` json not null, \`category_id\` varchar(26) null, \`active\` tinyint(1) not null default true, \`position\` int not null default 0, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`custom_fields\` add unique \`custom_fields_key_unique\` (\`key\`);`);
    this.addSql(
      `alter table \`custom_fields\` add index \`custom_fields_category_id_index\` (\`category_id\`);`,
    );

    this.addSql(
      `create table \`idempotency_records\` (\`key\` varchar(128) not null, \`request_hash\` varchar(64) not null, \`response\` json null, \`created_at\` datetime(3) not null, primary key (\`key\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`idempotency_records\` add index \`idempotency_records_created_at_index\` (\`created_at\`);`,
    );

    this.addSql(
      `create table \`job_leases\` (\`name\` varchar(60) not null, \`owner\` varchar(64) not null, \`locked_until\` datetime(3) not null, primary key (\`name\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`organizations\` (\`id\` varchar(26) not null, \`name\` varchar(120) not null, \`shared_tickets\` tinyint(1) not null default false, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`organizations\` add unique \`organizations_name_unique\` (\`name\`);`);

    this.addSql(
      `create table \`rate_limit_buckets\` (\`key\` varchar(191) not null, \`count\` int not null, \`reset_at\` datetime(3) not null, primary key (\`key\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`rate_limit_buckets\` add index \`rate_limit_buckets_reset_at_index\` (\`reset_at\`);`,
    );

    this.addSql(
      `create table \`settings\` (\`key\` varchar(60) not null, \`value\` json not null, \`updated_at\` datetime(3) not null, primary key (\`key\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`tags\` (\`id\` varchar(26) not null, \`name\` varchar(50) not null, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`tags\` add unique \`tags_name_unique\` (\`name\`);`);

    this.addSql(
      `create table \`teams\` (\`id\` varchar(26) not null, \`name\` varchar(80) not null, \`round_robin\` tinyint(1) not null default false, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`teams\` add unique \`teams_name_unique\` (\`name\`);`);

    this.addSql(
      `create table \`users\` (\`id\` varchar(26) not null, \`email\` varchar(254) not null, \`name\` varchar(120) not null, \`role\` enum('customer','agent','admin') not null default 'customer', \`password_hash\` varchar(255) null, \`active\` tinyint(1) not null default true, \`organization_id\` varchar(26) null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`users\` add unique \`users_email_unique\` (\`email\`);`);
    this.addSql(`alter table \`users\` add index \`users_organization_id_index\` (\`organization_id\`);`);
    this.addSql(`alter table \`users\` add index \`users_role_active_index\` (\`role\`, \`active\`);`);

    this.addSql(
      `create table \`tickets\` (\`id\` varchar(26) not null, \`reference\` varchar(12) not null, \`subject\` varchar(200) not null, \`status\` enum('new','open','pending','on_hold','solved','closed') not null default 'new', \`priority\` enum('low','normal','high','urgent') not null default 'normal', \`priority_rank\` smallint not null default 2, \`channel\` enum('portal','web_form','api','agent') not null default 'portal', \`requester_id\` varchar(26) not null, \`assignee_id\` varchar(26) null, \`team_id\` varchar(26) null, \`category_id\` varchar(26) null, \`custom_fields\` json not null, \`merged_into_id\` varchar(26) null, \`follow_up_of_id\` varchar(26) null, \`due_at\` datetime(3) null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`customer_updated_at\` datetime(3) not null, \`first_response_at\` datetime(3) null, \`solved_at\` datetime(3) null, \`closed_at\` datetime(3) null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`tickets\` add unique \`tickets_reference_unique\` (\`reference\`);`);
    this.addSql(`alter table \`tickets\` add index \`tickets_merged_into_id_index\` (\`merged_into_id\`);`);
    this.addSql(`alter table \`tickets\` add index \`tickets_follow_up_of_id_index\` (\`follow_up_of_id\`);`);
    this.addSql(`alter table \`tickets\` add index \`tickets_updated_idx\` (\`updated_at\`, \`id\`);`);
    this.addSql(`alter table \`tickets\` add index \`tickets_created_idx\` (\`created_at\`, \`id\`);`);
    this.addSql(`alter table \`tickets\` add index \`tickets_due_idx\` (\`due_at\`, \`id\`);`);
    this.addSql(`alter table \`tickets\` add index \`tickets_solved_idx\` (\`solved_at\`);`);
    this.addSql(
      `alter table \`tickets\` add index \`tickets_status_updated_idx\` (\`status\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add index \`tickets_status_priority_idx\` (\`status\`, \`priority_rank\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add index \`tickets_status_due_idx\` (\`status\`, \`due_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add index \`tickets_assignee_updated_idx\` (\`assignee_id\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add index \`tickets_assignee_status_updated_idx\` (\`assignee_id\`, \`status\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add index \`tickets_team_status_updated_idx\` (\`team_id\`, \`status\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add index \`tickets_category_status_updated_idx\` (\`category_id\`, \`status\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add index \`tickets_requester_updated_idx\` (\`requester_id\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add index \`tickets_requester_customer_updated_idx\` (\`requester_id\`, \`customer_updated_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`ticket_tags\` (\`ticket_id\` varchar(26) not null, \`tag_id\` varchar(26) not null, primary key (\`ticket_id\`, \`tag_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`ticket_tags\` add index \`ticket_tags_ticket_id_index\` (\`ticket_id\`);`);
    this.addSql(
      `alter table \`ticket_tags\` add index \`ticket_tags_tag_ticket_idx\` (\`tag_id\`, \`ticket_id\`);`,
    );

    this.addSql(
      `create table \`ticket_search\` (\`id\` int unsigned not null auto_increment primary key, \`ticket_id\` varchar(26) not null, \`public_text\` mediumtext not null, \`internal_text\` mediumtext not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`ticket_search\` add unique \`ticket_search_ticket_id_unique\` (\`ticket_id\`);`,
    );
    this.addSql(
      `alter table \`ticket_search\` add fulltext index \`ticket_search_public_ft\`(\`public_text\`);`,
    );
    this.addSql(
      `alter table \`ticket_search\` add fulltext index \`ticket_search_all_ft\`(\`public_text\`,\`internal_text\`);`,
    );

    this.addSql(
      `create table \`ticket_links\` (\`ticket_id\` varchar(26) not null, \`related_id\` varchar(26) not null, \`created_at\` datetime(3) not null, primary key (\`ticket_id\`, \`related_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`ticket_links\` add index \`ticket_links_ticket_id_index\` (\`ticket_id\`);`);
    this.addSql(`alter table \`ticket_links\` add index \`ticket_links_related_id_index\` (\`related_id\`);`);

    this.addSql(
      `create table \`ticket_events\` (\`id\` varchar(26) not null, \`ticket_id\` varchar(26) not null, \`actor_id\` varchar(26) null, \`kind\` enum('created','replied','note_added','field_changed','merged_into','merged_from','split_to','split_from','linked','unlinked','follow_up_created','auto_closed') not null, \`field\` varchar(40) null, \`from_value\` varchar(255) null, \`to_value\` varchar(255) null, \`internal\` tinyint(1) not null default false, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`ticket_events\` add index \`ticket_events_actor_id_index\` (\`actor_id\`);`);
    this.addSql(
      `alter table \`ticket_events\` add index \`ticket_events_ticket_created_idx\` (\`ticket_id\`, \`created_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`team_members\` (\`team_id\` varchar(26) not null, \`user_id\` varchar(26) not null, \`last_assigned_at\` datetime(3) null, primary key (\`team_id\`, \`user_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`team_members\` add index \`team_members_team_id_index\` (\`team_id\`);`);
    this.addSql(`alter table \`team_members\` add index \`team_members_user_id_index\` (\`user_id\`);`);

    this.addSql(
      `create table \`sessions\` (\`id\` varchar(32) not null, \`secret_hash\` varchar(64) not null, \`user_id\` varchar(26) not null, \`created_at\` datetime(3) not null, \`last_active_at\` datetime(3) not null, \`user_agent\` varchar(255) null, \`ip\` varchar(64) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`sessions\` add index \`sessions_user_id_index\` (\`user_id\`);`);

    this.addSql(
      `create table \`saved_views\` (\`id\` varchar(26) not null, \`name\` varchar(80) not null, \`owner_id\` varchar(26) not null, \`shared\` tinyint(1) not null default false, \`filters\` json not null, \`position\` int not null default 0, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`saved_views\` add index \`saved_views_owner_id_index\` (\`owner_id\`);`);

    this.addSql(
      `create table \`notifications\` (\`id\` varchar(26) not null, \`user_id\` varchar(26) not null, \`kind\` enum('assigned','customer_replied','mentioned') not null, \`ticket_id\` varchar(26) null, \`actor_id\` varchar(26) null, \`created_at\` datetime(3) not null, \`read_at\` datetime(3) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`notifications\` add index \`notifications_ticket_id_index\` (\`ticket_id\`);`);
    this.addSql(`alter table \`notifications\` add index \`notifications_actor_id_index\` (\`actor_id\`);`);
    this.addSql(
      `alter table \`notifications\` add index \`notifications_user_read_created_idx\` (\`user_id\`, \`read_at\`, \`created_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`messages\` (\`id\` varchar(26) not null, \`ticket_id\` varchar(26) not null, \`author_id\` varchar(26) not null, \`body\` mediumtext not null, \`internal\` tinyint(1) not null default false, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`messages\` add index \`messages_author_id_index\` (\`author_id\`);`);
    this.addSql(
      `alter table \`messages\` add index \`messages_ticket_created_idx\` (\`ticket_id\`, \`created_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`canned_responses\` (\`id\` varchar(26) not null, \`title\` varchar(120) not null, \`body\` text not null, \`set_status\` enum('new','open','pending','on_hold','solved','closed') null, \`set_priority\` enum('low','normal','high','urgent') null, \`add_tags\` json not null, \`shared\` tinyint(1) not null default false, \`owner_id\` varchar(26) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`canned_responses\` add index \`canned_responses_owner_id_index\` (\`owner_id\`);`,
    );

    this.addSql(
      `create table \`audit_log\` (\`id\` varchar(26) not null, \`actor_id\` varchar(26) null, \`action\` varchar(60) not null, \`target_type\` varchar(40) not null, \`target_id\` varchar(64) null, \`details\` json not null, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`audit_log\` add index \`audit_log_actor_id_index\` (\`actor_id\`);`);
    this.addSql(`alter table \`audit_log\` add index \`audit_log_created_at_index\` (\`created_at\`);`);

    this.addSql(
      `alter table \`custom_fields\` add constraint \`custom_fields_category_id_foreign\` foreign key (\`category_id\`) references \`categories\` (\`id\`) on delete cascade;`,
    );

    this.addSql(
      `alter table \`users\` add constraint \`users_organization_id_foreign\` foreign key (\`organization_id\`) references \`organizations\` (\`id\`) on delete set null;`,
    );

    this.addSql(
      `alter table \`tickets\` add constraint \`tickets_requester_id_foreign\` foreign key (\`requester_id\`) references \`users\` (\`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add constraint \`tickets_assignee_id_foreign\` foreign key (\`assignee_id\`) references \`users\` (\`id\`) on delete set null;`,
    );
    this.addSql(
      `alter table \`tickets\` add constraint \`tickets_team_id_foreign\` foreign key (\`team_id\`) references \`teams\` (\`id\`) on delete set null;`,
    );
    this.addSql(
      `alter table \`tickets\` add constraint \`tickets_category_id_foreign\` foreign key (\`category_id\`) references \`categories\` (\`id\`) on delete set null;`,
    );
    this.addSql(
      `alter table \`tickets\` add constraint \`tickets_merged_into_id_foreign\` foreign key (\`merged_into_id\`) references \`tickets\` (\`id\`) on delete set null;`,
    );
    this.addSql(
      `alter table \`tickets\` add constraint \`tickets_follow_up_of_id_foreign\` foreign key (\`follow_up_of_id\`) references \`tickets\` (\`id\`) on delete set null;`,
    );

    this.addSql(
      `alter table \`ticket_tags\` add constraint \`ticket_tags_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table \`ticket_tags\` add constraint \`ticket_tags_tag_id_foreign\` foreign key (\`tag_id\`) references \`tags\` (\`id\`) on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table \`ticket_search\` add constraint \`ticket_search_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade;`,
    );

    this.addSql(
      `alter table \`ticket_links\` add constraint \`ticket_links_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table \`ticket_links\` add constraint \`ticket_links_related_id_foreign\` foreign key (\`related_id\`) references \`tickets\` (\`id\`) on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table \`ticket_events\` add constraint \`ticket_events_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade;`,
    );
    this.addSql(
      `alter table \`ticket_events\` add constraint \`ticket_events_actor_id_foreign\` foreign key (\`actor_id\`) references \`users\` (\`id\`) on delete set null;`,
    );

    this.addSql(
      `alter table \`team_members\` add constraint \`team_members_team_id_foreign\` foreign key (\`team_id\`) references \`teams\` (\`id\`) on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table \`team_members\` add constraint \`team_members_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table \`sessions\` add constraint \`sessions_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade;`,
    );

    this.addSql(
      `alter table \`saved_views\` add constraint \`saved_views_owner_id_foreign\` foreign key (\`owner_id\`) references \`users\` (\`id\`) on delete cascade;`,
    );

    this.addSql(
      `alter table \`notifications\` add constraint \`notifications_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade;`,
    );
    this.addSql(
      `alter table \`notifications\` add constraint \`notifications_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade;`,
    );
    this.addSql(
      `alter table \`notifications\` add constraint \`notifications_actor_id_foreign\` foreign key (\`actor_id\`) references \`users\` (\`id\`) on delete set null;`,
    );

    this.addSql(
      `alter table \`messages\` add constraint \`messages_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade;`,
    );
    this.addSql(
      `alter table \`messages\` add constraint \`messages_author_id_foreign\` foreign key (\`author_id\`) references \`users\` (\`id\`);`,
    );

    this.addSql(
      `alter table \`canned_responses\` add constraint \`canned_responses_owner_id_foreign\` foreign key (\`owner_id\`) references \`users\` (\`id\`) on delete cascade;`,
    );

    this.addSql(
      `alter table \`audit_log\` add constraint \`audit_log_actor_id_foreign\` foreign key (\`actor_id\`) references \`users\` (\`id\`) on delete set null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`custom_fields\` drop foreign key \`custom_fields_category_id_foreign\`;`);
    this.addSql(`alter table \`tickets\` drop foreign key \`tickets_category_id_foreign\`;`);
    this.addSql(`alter table \`users\` drop foreign key \`users_organization_id_foreign\`;`);
    this.addSql(`alter table \`ticket_tags\` drop foreign key \`ticket_tags_tag_id_foreign\`;`);
    this.addSql(`alter table \`tickets\` drop foreign key \`tickets_team_id_foreign\`;`);
    this.addSql(`alter table \`team_members\` drop foreign key \`team_members_team_id_foreign\`;`);
    this.addSql(`alter table \`tickets\` drop foreign key \`tickets_requester_id_foreign\`;`);
    this.addSql(`alter table \`tickets\` drop foreign key \`tickets_assignee_id_foreign\`;`);
    this.addSql(`alter table \`ticket_events\` drop foreign key \`ticket_events_actor_id_foreign\`;`);
    this.addSql(`alter table \`team_members\` drop foreign key \`team_members_user_id_foreign\`;`);
    this.addSql(`alter table \`sessions\` drop foreign key \`sessions_user_id_foreign\`;`);
    this.addSql(`alter table \`saved_views\` drop foreign key \`saved_views_owner_id_foreign\`;`);
    this.addSql(`alter table \`notifications\` drop foreign key \`notifications_user_id_foreign\`;`);
    this.addSql(`alter table \`notifications\` drop foreign key \`notifications_actor_id_foreign\`;`);
    this.addSql(`alter table \`messages\` drop foreign key \`messages_author_id_foreign\`;`);
    this.addSql(`alter table \`canned_responses\` drop foreign key \`canned_responses_owner_id_foreign\`;`);
    this.addSql(`alter table \`audit_log\` drop foreign key \`audit_log_actor_id_foreign\`;`);
    this.addSql(`alter table \`tickets\` drop foreign key \`tickets_merged_into_id_foreign\`;`);
    this.addSql(`alter table \`tickets\` drop foreign key \`tickets_follow_up_of_id_foreign\`;`);
    this.addSql(`alter table \`ticket_tags\` drop foreign key \`ticket_tags_ticket_id_foreign\`;`);
    this.addSql(`alter table \`ticket_search\` drop foreign key \`ticket_search_ticket_id_foreign\`;`);
    this.addSql(`alter table \`ticket_links\` drop foreign key \`ticket_links_ticket_id_foreign\`;`);
    this.addSql(`alter table \`ticket_links\` drop foreign key \`ticket_links_related_id_foreign\`;`);
    this.addSql(`alter table \`ticket_events\` drop foreign key \`ticket_events_ticket_id_foreign\`;`);
    this.addSql(`alter table \`notifications\` drop foreign key \`notifications_ticket_id_foreign\`;`);
    this.addSql(`alter table \`messages\` drop foreign key \`messages_ticket_id_foreign\`;`);

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
