import { Migration } from '@mikro-orm/migrations';

export class Migration20261124040946_Initial extends Migration {
  override name = 'Migration20261124040946_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`users\` (\`id\` varchar(26) not null, \`email\` varchar(254) not null, \`name\` varchar(120) not null, \`role\` enum('customer','agent','admin') not null default 'customer', \`password_hash\` varchar(255) null, \`active\` tinyint(1) not null default true, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`users\` add unique \`users_email_unique\` (\`email\`);`);
    this.addSql(`alter table \`users\` add index \`users_role_active_index\` (\`role\`, \`active\`);`);

    this.addSql(
      `create table \`tickets\` (\`id\` varchar(26) not null, \`reference\` varchar(12) not null, \`subject\` varchar(200) not null, \`status\` enum('new','open','pending','on_hold','solved','closed') not null default 'new', \`priority\` enum('low','normal','high','urgent') not null default 'normal', \`requester_id\` varchar(26) not null, \`assignee_id\` varchar(26) null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`customer_updated_at\` datetime(3) not null, \`first_response_at\` datetime(3) null, \`solved_at\` datetime(3) null, \`closed_at\` datetime(3) null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`tickets\` add unique \`tickets_reference_unique\` (\`reference\`);`);
    this.addSql(`alter table \`tickets\` add index \`tickets_updated_idx\` (\`updated_at\`, \`id\`);`);
    this.addSql(
      `alter table \`tickets\` add index \`tickets_status_updated_idx\` (\`status\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add index \`tickets_assignee_updated_idx\` (\`assignee_id\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add index \`tickets_assignee_status_updated_idx\` (\`assignee_id\`, \`status\`, \`updated_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add index \`tickets_requester_customer_updated_idx\` (\`requester_id\`, \`customer_updated_at\`, \`id\`);`,
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
      `create table \`sessions\` (\`id\` varchar(32) not null, \`secret_hash\` varchar(64) not null, \`user_id\` varchar(26) not null, \`created_at\` datetime(3) not null, \`last_active_at\` datetime(3) not null, \`user_agent\` varchar(255) null, \`ip\` varchar(64) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`sessions\` add index \`sessions_user_id_index\` (\`user_id\`);`);

    this.addSql(
      `create table \`messages\` (\`id\` varchar(26) not null, \`ticket_id\` varchar(26) not null, \`author_id\` varchar(26) not null, \`body\` mediumtext not null, \`internal\` tinyint(1) not null default false, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`messages\` add index \`messages_author_id_index\` (\`author_id\`);`);
    this.addSql(
      `alter table \`messages\` add index \`messages_ticket_created_idx\` (\`ticket_id\`, \`created_at\`, \`id\`);`,
    );

    this.addSql(
      `alter table \`tickets\` add constraint \`tickets_requester_id_foreign\` foreign key (\`requester_id\`) references \`users\` (\`id\`);`,
    );
    this.addSql(
      `alter table \`tickets\` add constraint \`tickets_assignee_id_foreign\` foreign key (\`assignee_id\`) references \`users\` (\`id\`) on delete set null;`,
    );

    this.addSql(
      `alter table \`ticket_search\` add constraint \`ticket_search_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade;`,
    );

    this.addSql(
      `alter table \`sessions\` add constraint \`sessions_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade;`,
    );

    this.addSql(
      `alter table \`messages\` add constraint \`messages_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade;`,
    );
    this.addSql(
      `alter table \`messages\` add constraint \`messages_author_id_foreign\` foreign key (\`author_id\`) references \`users\` (\`id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`tickets\` drop foreign key \`tickets_requester_id_foreign\`;`);
    this.addSql(`alter table \`tickets\` drop foreign key \`tickets_assignee_id_foreign\`;`);
    this.addSql(`alter table \`sessions\` drop foreign key \`sessions_user_id_foreign\`;`);
    this.addSql(`alter table \`messages\` drop foreign key \`messages_author_id_foreign\`;`);
    this.addSql(`alter table \`ticket_search\` drop foreign key \`ticket_search_ticket_id_foreign\`;`);
    this.addSql(`alter table \`messages\` drop foreign key \`messages_ticket_id_foreign\`;`);

    this.addSql(`drop table if exists \`users\`;`);
    this.addSql(`drop table if exists \`tickets\`;`);
    this.addSql(`drop table if exists \`ticket_search\`;`);
    this.addSql(`drop table if exists \`sessions\`;`);
    this.addSql(`drop table if exists \`messages\`;`);
  }
}
