import { createConnection } from 'mysql2/promise';

/**
 * Creates and drops whole MySQL databases (for tests and migration generation), connecting to the
 * server named by `serverUrl` without selecting a database.
 */
export async function withMysqlServer<T>(
  serverUrl: string,
  run: (exec: (sql: string) => Promise<void>) => Promise<T>,
) {
  const url = new URL(serverUrl);
  const connection = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  try {
    return await run(async (sql) => {
      await connection.query(sql);
    });
  } finally {
    await connection.end();
  }
}

/** A URL that points at `database` on the same server as `serverUrl`. */
export function mysqlUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createMysqlDatabase(serverUrl: string, database: string): Promise<string> {
  assertSafeName(database);
  await withMysqlServer(serverUrl, (exec) =>
    exec(`create database \`${database}\` character set utf8mb4 collate utf8mb4_unicode_ci`),
  );
  return mysqlUrlFor(serverUrl, database);
}

export async function dropMysqlDatabase(serverUrl: string, database: string): Promise<void> {
  assertSafeName(database);
  await withMysqlServer(serverUrl, (exec) => exec(`drop database if exists \`${database}\``));
}

function assertSafeName(database: string) {
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`Unsafe database name: ${database}`);
}
