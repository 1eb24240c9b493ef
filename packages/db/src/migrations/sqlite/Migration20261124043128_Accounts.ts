import { Migration } from '@mikro-orm/migrations';

export class Migration20261124043128_Accounts extends Migration {
  override name = 'Migration20261124043128_Accounts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`outbox_mails\` (\`id\` text not null primary key, \`to\` text not null, \`subject\` text not null, \`text\` text not null, \`kind\` text not null, \`status\` text check (\`status\` in ('pending', 'sent', 'failed')) not null default 'pending', \`attempts\` integer not null default 0, \`last_error\` text null, \`send_after\` datetime not null, \`sent_at\` datetime null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `create index \`outbox_mails_status_send_after_idx\` on \`outbox_mails\` (\`status\`, \`send_after\`);`,
    );

    this.addSql(
      `create table \`recovery_codes\` (\`id\` text not null primary key, \`user_id\` text not null, \`code_hash\` text not null, \`used_at\` datetime null, \`created_at\` datetime not null, constraint \`recovery_codes_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create index \`recovery_codes_user_id_index\` on \`recovery_codes\` (\`user_id\`);`);

    this.addSql(
      `create table \`one_time_tokens\` (\`id\` text not null primary key, \`user_id\` text not null, \`purpose\` text check (\`purpose\` in ('verify_email', 'reset_password', 'change_email', 'invite', 'two_factor')) not null, \`token_hash\` text not null, \`data\` json not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`created_at\` datetime not null, constraint \`one_time_tokens_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade);`,
    );
    this.addSql(
      `create unique index \`one_time_tokens_token_hash_unique\` on \`one_time_tokens\` (\`token_hash\`);`,
    );
    this.addSql(
      `create index \`one_time_tokens_user_purpose_idx\` on \`one_time_tokens\` (\`user_id\`, \`purpose\`);`,
    );

    this.addSql(
      `create table \`attachments\` (\`id\` text not null primary key, \`uploader_id\` text not null, \`ticket_id\` text null, \`message_id\` text null, \`filename\` text not null, \`content_type\` text not null, \`size\` integer not null, \`sha256\` text not null, \`storage_key\` text not null, \`created_at\` datetime not null, constraint \`attachments_uploader_id_foreign\` foreign key (\`uploader_id\`) references \`users\` (\`id\`) on delete cascade, constraint \`attachments_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`tickets\` (\`id\`) on delete cascade, constraint \`attachments_message_id_foreign\` foreign key (\`message_id\`) references \`messages\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create index \`attachments_uploader_id_index\` on \`attachments\` (\`uploader_id\`);`);
    this.addSql(`create index \`attachments_ticket_id_index\` on \`attachments\` (\`ticket_id\`);`);
    this.addSql(`create index \`attachments_message_id_index\` on \`attachments\` (\`message_id\`);`);
    this.addSql(
      `create unique index \`attachments_storage_key_unique\` on \`attachments\` (\`storage_key\`);`,
    );

    this.addSql(
      `create table \`api_tokens\` (\`id\` text not null primary key, \`user_id\` text not null, \`name\` text not null, \`secret_hash\` text not null, \`scopes\` json not null, \`expires_at\` datetime null, \`last_used_at\` datetime null, \`revoked_at\` datetime null, \`created_at\` datetime not null, constraint \`api_tokens_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create index \`api_tokens_user_id_index\` on \`api_tokens\` (\`user_id\`);`);

    this.addSql(`alter table \`users\` add column \`email_verified_at\` datetime null;`);
    this.addSql(`alter table \`users\` add column \`totp_secret\` text null;`);
    this.addSql(`alter table \`users\` add column \`totp_enabled_at\` datetime null;`);
    this.addSql(`alter table \`users\` add column \`deleted_at\` datetime null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`outbox_mails\`;`);
    this.addSql(`drop table if exists \`recovery_codes\`;`);
    this.addSql(`drop table if exists \`one_time_tokens\`;`);
    this.addSql(`drop table if exists \`attachments\`;`);
    this.addSql(`drop table if exists \`api_tokens\`;`);

    this.addSql(`alter table \`users\` drop column \`email_verified_at\`;`);
    this.addSql(`alter table \`users\` drop column \`totp_secret\`;`);
    this.addSql(`alter table \`users\` drop column \`totp_enabled_at\`;`);
    this.addSql(`alter table \`users\` drop column \`deleted_at\`;`);
  }
}
