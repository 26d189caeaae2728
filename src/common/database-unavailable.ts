/** Node socket errors meaning the database server cannot be reached. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);
/** SQLSTATEs for a server that is shutting down, starting, or refusing connections. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown (terminated by an administrator or a restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, or connections not allowed)
  '53300', // too_many_connections
  '3D000', // invalid_catalog_name: the database is gone
]);
const MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /is not currently accepting connections/i,
];

/**
 * Whether an error means the database cannot be reached right now (so the request may work
 * later: 503), as opposed to a fault in the request or the code (500). Looks through TypeORM's
 * `driverError` and `cause` wrappers.
 */
export function isDatabaseUnavailable(error: unknown, seen = 0): boolean {
  if (typeof error !== 'object' || error === null || seen > 4) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
    return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string)))
    return true;
  if (Array.isArray((e as { errors?: unknown }).errors))
    return (e as { errors: unknown[] }).errors.some((inner) =>
      isDatabaseUnavailable(inner, seen + 1),
    );
  return isDatabaseUnavailable(e.driverError, seen + 1) || isDatabaseUnavailable(e.cause, seen + 1);
}
