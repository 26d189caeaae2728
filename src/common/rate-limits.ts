/**
 * Per client address, for public pages opened with a link's token (survey, unsubscribe): far
 * more than a person needs, far less than guessing tokens at scale needs.
 */
export const PUBLIC_LINK_RATE_LIMIT = { max: 60, timeWindow: '1 minute' };
