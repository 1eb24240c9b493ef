import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's root folder, where `.env` and `./data` live. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Loads `<repo>/.env` into process.env when it exists (Laravel's habit); variables already set in
 * the environment win, so CI and production can override any line of it.
 */
export function loadDotEnv(path = `${repoRoot}.env`): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
