import { Migration } from '@mikro-orm/migrations';

export class Migration20261124043128_Accounts extends Migration {
  override name = 'Migration20261124043128_Accounts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`outbox_mails\` (\`id\` varchar(26) not null, \`to\` varchar(254) not null, \`subject\` varchar(255) not null, \`text\` text not null, \`kind\` varchar(40) not null, \`status\` enum('pending','sent','failed') not null default 'pending', \`attempts\` int not null default 0, \`last_error\` varchar(500) null, \`send_after\` datetime(3) not null, \`sent_at\` datetime(3) null, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`outbox_mails\` add index \`outbox_mails_status_send_after_idx\` (\`status\`, \`send_after\`);`,
    );

    this.addSql(
      `create table \`recovery_codes\` (\`id\` varchar(26) not null, \`user_id\` varchar(26) not null, \`code_hash\` varchar(64) not null, \`used_at\` datetime(3) null, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`recovery_codes\` add index \`recovery_codes_user_id_index\` (\`user_id\`);`);

    this.addSql(
      `create table \`one_time_tokens\` (\`id\` varchar(26) not null, \`user_id\` varchar(26) not null, \`purpose\` enum('verify_email','reset_password','change_email','invite','two_factor') not null, \`token_hash\` varchar(64) not null, \`data\` json not null, \`expires_at\` datetime(3) not null, \`used_at\` datetime(3) null, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`one_time_tokens\` add unique \`one_time_tokens_token_hash_unique\` (\`token_hash\`);`,
    );
    this.addSql(
      `alter table \`one_time_tokens\` add index \`one_time_tokens_user_purpose_idx\` (\`user_id\`, \`purpose\`);`,
    );

    this.addSql(
      `create table \`attachments\` (\`id\` varchar(26) not null, \`uploader_id\` varchar(26) not null, \`ticket_id\` varchar(26) null, \`message_id\` varchar(26) null, \`filename\` varchar(255) not null, \`content_type\` varchar(100) not null, \`size\` int not null, \`sha256\` varchar(64) not null, \`storage_key\` varchar(100) not null, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`attachments\` add index \`attachments_uploader_id_index\` (\`uploader_id\`);`);
    this.addSql(`alter table \`attachments\` add index \`attachments_ticket_id_index\` (\`ticket_id\`);`);
    this.addSql(`alter table \`attachments\` add index \`attachments_message_id_index\` (\`message_id\`);`);
    this.addSql(
      `alter table \`attachments\` add unique \`attachments_storage_key_unique\` (\`storage_key\`);`,
    );

    this.addSql(
      `create table \`api_tokens\` (\`id\` varchar(32) not null, \`user_id\` varchar(26) not null, \`name\` varchar(80) not null, \`secret_hash\` varchar(64) not null, \`scopes\` json not null, \`expires_at\` datetime(3) null, \`last_used_at\` datetime(3) null, \`revoked_at\` datetime(3) null, \`created_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`api_tokens\` add index \`api_tokens_user_id_index\` (\`user_id\`);`);

    this.addSql(
      `alter table \`users\` add \`email_verified_at\` datetime(3) null, add \`totp_secret\` varchar(64) null, add \`totp_enabled_at\` datetime(3) null, add \`deleted_at\` datetime(3) null;`,
    );

    this.addSql(
      `alter table \`recovery_codes\` add constraint \`recovery_codes_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade;`,
    );

    this.addSql(
      `alter table \`one_time_tokens\` add constraint \`one_time_tokens_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade;`,
    );

    this.addSql(
      `alter table \`attachments\` add constraint \`attachments_uploader_id_foreign\` foreign key (\`uploader_id\`) references \`users\` (\`id\`) on delete cascade;`,
    );
    this.addSql(
      `alter table \`attachments\` add constraint \`attachments_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade;`,
    );
    this.addSql(
      `alter table \`attachments\` add constraint \`attachments_message_id_foreign\` foreign key (\`message_id\`) references \`messages\` (\`id\`) on delete cascade;`,
    );

    this.addSql(
      `alter table \`api_tokens\` add constraint \`api_tokens_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`outbox_mails\`;`);
    this.addSql(`drop table if exists \`recovery_codes\`;`);
    this.addSql(`drop table if exists \`one_time_tokens\`;`);
    this.addSql(`drop table if exists \`attachments\`;`);
    this.addSql(`drop table if exists \`api_tokens\`;`);

    this.addSql(
      `alter table \`users\` drop column \`email_verified_at\`, drop column \`totp_secret\`, drop column \`totp_enabled_at\`, drop column \`deleted_at\`;`,
    );
  }
}
