/**
 * How long a statement waits for a lock another transaction holds before the database gives up
 * on its transaction (the client then gets 503, "try again"): SQLite's busy timeout while another
 * process writes to the file, MySQL's `innodb_lock_wait_timeout` (its own default, 50 s, keeps a
 * request, its connection and its locks waiting far longer than anyone waits for a page). The
 * desk's own transactions hold their locks for milliseconds.
 */
export const LOCK_WAIT_SECONDS = 5;
