import { describeSiteWalk, pageShape, ShapeBudget } from './support/site-walk';

/**
 * The site walk (test/support/site-walk.ts) as an admin and as a manager scoped to one region;
 * site-walk-readers.browser.e2e.spec.ts walks as HR and as an executive, in a file of its own
 * so that the two can run at the same time.
 */

describe('pageShape', () => {
  it('groups pages by shape: ids, numbers and query values do not make new pages', () => {
    expect(pageShape('/cycles/0b7c5a9e-1f0e-4c1b-9a53-5b7e4f1d2c3a/report?unit=x&page=2')).toBe(
      '/cycles/:id/report?page&unit',
    );
    expect(pageShape('/follow-ups/12')).toBe('/follow-ups/:n');
    expect(pageShape('/reports/linkage')).toBe('/reports/linkage');
  });

  it('visits combinations of list filters only while one of their keys is new', () => {
    const budget = new ShapeBudget();
    const taken = [
      '/admin/employees',
      '/admin/employees?status=active',
      '/admin/employees?status=exited',
      '/admin/employees?sort=name&dir=desc',
      '/admin/employees?sort=email&dir=asc',
      '/admin/employees?status=active&sort=name&dir=desc',
      '/admin/employees?status=active&page=2',
      '/admin/employees?status=exited&page=3',
      '/admin/employees?status=exited&page=4',
      '/admin/employees/0b7c5a9e-1f0e-4c1b-9a53-5b7e4f1d2c3a',
    ].filter((href) => budget.take(href));
    expect(taken).toEqual([
      '/admin/employees',
      '/admin/employees?status=active',
      '/admin/employees?status=exited',
      '/admin/employees?sort=name&dir=desc',
      '/admin/employees?sort=email&dir=asc',
      '/admin/employees?status=active&page=2',
      '/admin/employees?status=exited&page=3',
      '/admin/employees/0b7c5a9e-1f0e-4c1b-9a53-5b7e4f1d2c3a',
    ]);
  });
});

describeSiteWalk([
  { role: 'admin', atLeast: 25 },
  { role: 'manager', atLeast: 3 },
]);
