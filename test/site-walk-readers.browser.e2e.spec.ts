import { describeSiteWalk } from './support/site-walk';

/** The site walk (test/support/site-walk.ts) as HR and as an executive. */
describeSiteWalk([
  { role: 'hr', atLeast: 15 },
  { role: 'executive', atLeast: 5 },
]);
