/**
 * The contract between Helpdesk's API and every front-end: the zod schemas of every procedure input.
 * Front-ends validate their forms with the same schemas the server enforces.
 */
export * from './account.ts';
export * from './admin.ts';
export * from './auth.ts';
export * from './common.ts';
export * from './common-passwords.ts';
export * from './directory.ts';
export * from './domain.ts';
export * from './filters.ts';
export * from './reports.ts';
export * from './security.ts';
export * from './tickets.ts';
export * from './workspace.ts';
